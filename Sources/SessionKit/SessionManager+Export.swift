#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import SessionCore
import SessionStore

extension SessionManager {
    /// Sessions per page of an export.
    static var exportSessionPage: Int { 100 }

    /// Streams all of `user`'s data as JSON Lines to `write`, a page at a time, then the signed
    /// ``ExportManifest`` as the last line: for each session, oldest first,
    /// `{"kind":"session","session":{…}}`, its events (`{"kind":"event","event":{…}}`, in seq
    /// order) and its snapshots (`{"kind":"snapshot","snapshot":{…}}`).
    ///
    /// - Parameter anonymizer: pseudonymises users and hosts, applies redaction again and
    ///   coarsens times (`--anonymize`); `nil` exports the data as stored.
    @discardableResult
    public func exportUser(
        _ user: String, anonymizer given: ExportAnonymizer? = nil, write: ([UInt8]) async throws -> Void
    ) async throws -> ExportManifest {
        var anonymizer = given
        var digest = ExportDigest()
        var entries: [ExportManifest.Entry] = []
        func emit(_ lines: [JSONValue]) async throws {
            guard !lines.isEmpty else { return }
            var out: [UInt8] = []
            for line in lines {
                JSONWriter.write(line, into: &out)
                out.append(UInt8(ascii: "\n"))
            }
            digest.add(out)
            try await write(out)
        }
        var after: UUID?
        while true {
            let sessions = try await store.userSessions(user, after: after, limit: Self.exportSessionPage)
            for session in sessions {
                entries.append(.init(id: session.id.lowercased, lastSeq: session.lastSeq, chainHead: session.lastHash))
                anonymizer?.learn(session)
                try await emit([["kind": "session", "session": (anonymizer?.session(session) ?? session).json()]])
                var afterSeq: Int64 = 0
                while true {
                    let events = try await store.events(session.id, afterSeq: afterSeq, limit: Self.archivePage, types: [])
                    try await emit(events.map { ["kind": "event", "event": (anonymizer?.event($0, application: session.application) ?? $0).json] })
                    guard events.count == Self.archivePage, let last = events.last else { break }
                    afterSeq = last.seq
                }
                afterSeq = 0
                while true {
                    let snapshots = try await store.snapshots(session.id, afterSeq: afterSeq, limit: Self.archivePage)
                    try await emit(snapshots.map { ["kind": "snapshot", "snapshot": (anonymizer?.snapshot($0, application: session.application) ?? $0).json] })
                    guard snapshots.count == Self.archivePage, let last = snapshots.last else { break }
                    afterSeq = last.seq
                }
            }
            guard sessions.count == Self.exportSessionPage, let last = sessions.last else { break }
            after = last.id
        }
        let manifest = try ExportManifest.signed(
            user: anonymizer?.pseudonym(user, kind: "user") ?? user, anonymized: anonymizer != nil, coarsenMs: anonymizer?.coarsen?.milliseconds,
            createdAt: clock.now(), lines: digest.lines, digest: digest.finish(), sessions: entries)
        var line = JSONWriter.bytes(manifest.json)
        line.append(UInt8(ascii: "\n"))
        try await write(line)
        return manifest
    }
}
