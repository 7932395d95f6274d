import Foundation
public import SessionCore
import SessionStore

extension PrivacyPolicy {
    /// Reads and checks a policy file; errors name the file and the field.
    public init(file path: String) throws(SessionError) {
        do throws(SessionError) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SessionError(.invalidArgument, "cannot read the file")
            }
            self = try PrivacyPolicy(json: try JSONParser.parse(Array(data)))
        } catch {
            throw SessionError(.invalidArgument, "policy \(path): \(error.message)")
        }
    }

    /// The archive of this policy's `retention` section, read from the file at `path` (whose
    /// folder `archive_dir` is relative to); `nil` without the section.
    public func archiveStore(policyFile path: String) -> DirectoryArchiveStore? {
        guard let retention else { return nil }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return DirectoryArchiveStore(directory: URL(fileURLWithPath: retention.archiveDirectory, relativeTo: folder).standardizedFileURL)
    }
}

extension SessionManager {
    /// Records in the audit log that this process applies `policy`, read from the file at `path`
    /// (`policy.applied`, with its SHA-256 and sections): a policy change is a new digest.
    public func auditPolicy(_ policy: PrivacyPolicy, file path: String, actor: String) async throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw SessionError(.invalidArgument, "policy \(path): cannot read the file") }
        var sections: [JSONValue] = ["redaction"]
        if policy.retention != nil { sections.append("retention") }
        if policy.consent != nil { sections.append("consent") }
        if policy.encryption?.enabled == true { sections.append("encryption") }
        _ = try await store.appendAudit(
            AuditEntry(
                time: clock.now(), actor: actor, action: "policy.applied", target: "policy:\(URL(fileURLWithPath: path).lastPathComponent)",
                details: ["sha256": .string(PrivacyPolicy.digest(of: Array(data))), "sections": .array(sections)]))
    }
}

extension EncryptionPolicy {
    /// The master key this section names: its file (relative to the folder of the policy file
    /// at `policyFile`) or its environment variable.
    ///
    /// - Throws: `invalid_argument` naming the file or variable, never the key.
    public func readMasterKey(policyFile: String, environment: [String: String]) throws(SessionError) -> MasterKey {
        switch masterKey {
        case .file(let name):
            let path = Self.resolve(name, policyFile: policyFile)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SessionError(.invalidArgument, "encryption.master_key_file: cannot read \(path)")
            }
            do { return try MasterKey(hex: String(decoding: data, as: UTF8.self)) } catch {
                throw SessionError(.invalidArgument, "encryption.master_key_file: \(error.message)")
            }
        case .environment(let name):
            guard let text = environment[name], !text.isEmpty else {
                throw SessionError(.invalidArgument, "encryption.master_key_env: $\(name) is not set")
            }
            do { return try MasterKey(hex: text) } catch {
                throw SessionError(.invalidArgument, "encryption.master_key_env: \(error.message)")
            }
        }
    }

    /// The keyring file's path, relative to the folder of the policy file at `policyFile`.
    public func keyringPath(policyFile: String) -> String {
        Self.resolve(keyring, policyFile: policyFile)
    }

    private static func resolve(_ name: String, policyFile: String) -> String {
        let folder = URL(fileURLWithPath: policyFile).deletingLastPathComponent()
        return URL(fileURLWithPath: name, relativeTo: folder).standardizedFileURL.path
    }
}
