internal import Crypto

/// The last line of an export: what it holds and a signature a recipient checks with
/// `sessiond export verify FILE`.
///
/// `digest` is SHA-256 over every line before the manifest (with their newlines); `sessions`
/// names each exported session with its stored chain head (`last_seq`, `chain_head`: the hash
/// of its newest event as stored, before any anonymisation), so the export can be matched
/// against the store it came from. The signature is Ed25519 over the manifest's canonical form
/// without `signature`, under a key made for this export; its public half is `public_key`.
/// That proves the bundle is whole and unchanged since it was made; that it came from you is
/// what you tell the recipient out of band (send them the public key apart from the file).
public struct ExportManifest: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var lastSeq: Int64
        public var chainHead: String

        public init(id: String, lastSeq: Int64, chainHead: String) {
            self.id = id
            self.lastSeq = lastSeq
            self.chainHead = chainHead
        }
    }

    public var user: String
    public var anonymized: Bool
    public var coarsenMs: Int64?
    public var createdAt: Timestamp
    public var lines: Int64
    public var digest: String
    public var sessions: [Entry]
    public var publicKey: String
    public var signature: String

    /// The JSON line (`"kind": "manifest"`).
    public var json: JSONValue {
        var o = unsigned
        o["signature"] = .string(signature)
        return .object(o)
    }

    private var unsigned: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "kind": "manifest", "format": "sessiond-export/1", "user": .string(user), "anonymized": .bool(anonymized),
            "created_at": .string(createdAt.iso8601), "lines": .int(lines), "digest": .string(digest), "public_key": .string(publicKey),
            "sessions": .array(sessions.map { ["id": .string($0.id), "last_seq": .int($0.lastSeq), "chain_head": .string($0.chainHead)] }),
        ]
        o["coarsen_ms"] = coarsenMs.map(JSONValue.int)
        return o
    }

    /// Signs a manifest with a new key made for it.
    public static func signed(
        user: String, anonymized: Bool, coarsenMs: Int64?, createdAt: Timestamp, lines: Int64, digest: String, sessions: [Entry]
    ) throws -> ExportManifest {
        let key = Curve25519.Signing.PrivateKey()
        var manifest = ExportManifest(
            user: user, anonymized: anonymized, coarsenMs: coarsenMs, createdAt: createdAt, lines: lines, digest: digest, sessions: sessions,
            publicKey: Hex.encode(Array(key.publicKey.rawRepresentation)), signature: "")
        manifest.signature = Hex.encode(Array(try key.signature(for: JSONWriter.bytes(.object(manifest.unsigned)))))
        return manifest
    }

    /// Checks a whole export file: the manifest is its last line, its signature holds, and the
    /// lines before it have its digest and count. Returns the manifest's JSON.
    public static func verify(_ bytes: [UInt8]) throws(SessionError) -> JSONValue {
        var body = bytes
        if body.last == UInt8(ascii: "\n") { body.removeLast() }
        let split = body.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let manifest = try JSONParser.parse(Array(body[split...]), limits: .init(maxBytes: 256 << 20))
        guard var o = manifest.objectValue, o["kind"] == "manifest", let signature = o["signature"]?.stringValue,
            let publicKey = o["public_key"]?.stringValue, let digest = o["digest"]?.stringValue, let lines = o["lines"]?.int64Value
        else { throw SessionError(.invalidArgument, "the last line is not an export manifest") }
        o["signature"] = nil
        guard let keyBytes = Hex.decode(publicKey), let signatureBytes = Hex.decode(signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes),
            key.isValidSignature(signatureBytes, for: JSONWriter.bytes(.object(o)))
        else { throw SessionError(.invalidArgument, "the manifest's signature does not hold") }
        let content = Array(bytes[..<split])
        guard Hex.encode(Array(SHA256.hash(data: content))) == digest else {
            throw SessionError(.invalidArgument, "the export's lines do not match the manifest's digest")
        }
        guard Int64(content.filter { $0 == UInt8(ascii: "\n") }.count) == lines else {
            throw SessionError(.invalidArgument, "the export has another number of lines than its manifest says")
        }
        return manifest
    }
}

/// A running SHA-256 over the lines of an export (not `Sendable`: one task feeds it).
public struct ExportDigest {
    private var hasher = SHA256()
    public private(set) var lines: Int64 = 0

    public init() {}

    public mutating func add(_ line: [UInt8]) {
        hasher.update(data: line)
        lines += Int64(line.count(where: { $0 == UInt8(ascii: "\n") }))
    }

    public func finish() -> String { Hex.encode(Array(hasher.finalize())) }
}

@available(*, unavailable)
extension ExportDigest: Sendable {}
