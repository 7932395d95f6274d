import Foundation

/// Reads a file handle line by line in 64 KiB chunks, without loading it whole.
struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(handle: FileHandle) { self.handle = handle }

    /// The next line's bytes without its newline, or `nil` at the end. Bytes are not decoded:
    /// the JSON parser rejects invalid UTF-8 with a precise error.
    mutating func next() throws -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = decode(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = decode(buffer[start...])
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    private func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        return Array(bytes)
    }
}
