import Foundation
public import SessionCore

extension Redactor {
    /// The redactor a policy file describes (its `redaction` section), with the `hash_key_file`
    /// it names read (relative to the policy file's folder).
    ///
    /// - Throws: `invalid_argument` naming the file and the field: the server does not start on
    ///   an invalid policy.
    public init(policyFile path: String) throws(SessionError) {
        let url = URL(fileURLWithPath: path)
        let policy = try PrivacyPolicy(file: path)
        var key: [UInt8]? = nil
        if let keyFile = policy.redaction.hashKeyFile {
            let keyURL = URL(fileURLWithPath: keyFile, relativeTo: url.deletingLastPathComponent())
            guard let data = FileManager.default.contents(atPath: keyURL.path) else {
                throw SessionError(.invalidArgument, "policy \(path): redaction.hash_key_file \(keyFile) cannot be read")
            }
            key = Self.key(from: Array(data))
        }
        do {
            try self.init(policy: policy.redaction, hashKey: key)
        } catch {
            throw SessionError(.invalidArgument, "policy \(path): \(error.message)")
        }
    }

    /// A key file's bytes: hex digits (as `openssl rand -hex 32` writes) are decoded, anything
    /// else is taken as it is; surrounding whitespace is dropped.
    package static func key(from bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.utf8.count >= 32, let decoded = Hex.decode(text) { return decoded }
        return Array(text.utf8)
    }
}
