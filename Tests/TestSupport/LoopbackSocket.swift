import Foundation

/// A plain TCP socket to a server on 127.0.0.1, for tests that control reads byte by byte
/// (a reader that stalls, a live stream read until a marker).
public enum LoopbackSocket {
    /// Connects to `port` (with a receive buffer of `receiveBuffer` bytes if given) and sends
    /// `request`; returns the socket, which the caller closes.
    public static func open(port: Int, request: String, receiveBuffer: Int32? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let bytes = Array(request.utf8)
        guard connected == 0, send(fd, bytes, bytes.count, 0) == bytes.count else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        return fd
    }
}
