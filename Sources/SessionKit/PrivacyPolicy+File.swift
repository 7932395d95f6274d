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

    /// The retention section of the policy file at `path` and its archive, whose `archive_dir`
    /// is relative to the file's folder.
    ///
    /// - Throws: `invalid_argument` if the file has no `retention` section.
    public static func retention(file path: String) throws(SessionError) -> (RetentionPolicy, DirectoryArchiveStore) {
        guard let retention = try PrivacyPolicy(file: path).retention else {
            throw SessionError(.invalidArgument, "policy \(path): no retention section")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let directory = URL(fileURLWithPath: retention.archiveDirectory, relativeTo: folder).standardizedFileURL
        return (retention, DirectoryArchiveStore(directory: directory))
    }
}

extension SessionManager {
    /// Records in the audit log that this process applies the policy file at `path`
    /// (`policy.applied`, with its SHA-256 and sections): a policy change is a new digest.
    public func auditPolicy(file path: String, actor: String) async throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw SessionError(.invalidArgument, "policy \(path): cannot read the file") }
        let policy = try PrivacyPolicy(file: path)
        var sections: [JSONValue] = ["redaction"]
        if policy.retention != nil { sections.append("retention") }
        if policy.consent != nil { sections.append("consent") }
        _ = try await store.appendAudit(
            AuditEntry(
                time: clock.now(), actor: actor, action: "policy.applied", target: "policy:\(URL(fileURLWithPath: path).lastPathComponent)",
                details: ["sha256": .string(PrivacyPolicy.digest(of: Array(data))), "sections": .array(sections)]))
    }
}
