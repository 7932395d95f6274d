import NIOCore

/// A file compiled into the binary (a SwiftPM `embedInCode` resource), ready to serve.
struct EmbeddedAsset: Sendable {
    let body: ByteBuffer
    let contentType: String
    /// FNV-1a of the content: a stable validator across restarts of the same build.
    let etag: String

    init(_ bytes: [UInt8], _ contentType: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        self.body = ByteBuffer(bytes: bytes)
        self.contentType = contentType
        self.etag = "\"\(String(hash, radix: 16))\""
    }
}
