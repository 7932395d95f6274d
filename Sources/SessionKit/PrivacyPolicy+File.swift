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
        _ = try await store.appendAudit(
            AuditEntry(
                time: clock.now(), actor: actor, action: "policy.applied", target: "policy:\(URL(fileURLWithPath: path).lastPathComponent)",
                details: ["sha256": .string(PrivacyPolicy.digest(of: Array(data))), "sections": .array(sections)]))
    }
}
