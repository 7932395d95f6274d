internal import Crypto

/// A running SHA-256 over the bytes of a file read so far: how an import knows that the part of
/// a transcript it stored is still the start of the file (and may skip it).
public struct ContentHash {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    /// The hash of everything so far, in hex; the hash goes on.
    public var hex: String { Hex.encode(Array(hasher.finalize())) }
}
