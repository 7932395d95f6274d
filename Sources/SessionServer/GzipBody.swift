import CZlib
import SessionCore

/// A gzip request body (`Content-Encoding: gzip`, what OpenTelemetry Collectors send by
/// default) inflated in memory, never past `maxBytes`: a small body that would grow beyond the
/// limit (a zip bomb) stops there with `payload_too_large`.
enum GzipBody {
    static func inflate(_ compressed: [UInt8], maxBytes: Int) throws(SessionError) -> [UInt8] {
        var stream = z_stream()
        // 16 + 15: a gzip wrapper around a 32 KiB window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SessionError(.invalidGzip, "the gzip body could not be read")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = compressed
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (result, target.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > maxBytes { return Z_BUF_ERROR }
                if result == Z_STREAM_END { return stream.avail_in == 0 ? Z_OK : Z_DATA_ERROR }
                if result != Z_OK || (produced == 0 && stream.avail_in == 0) { return result == Z_OK ? Z_DATA_ERROR : result }
            }
        }
        switch status {
        case Z_OK: return output
        case Z_BUF_ERROR where output.count > maxBytes:
            throw SessionError(.payloadTooLarge, "the request body inflates to more than \(maxBytes) bytes")
        default: throw SessionError(.invalidGzip, "the body is not valid gzip")
        }
    }
}
