import Foundation
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import TestSupport
import Testing

/// Erasure on SQLite is secure deletion: none of the erased user's bytes stay in the database
/// file or its WAL, while everyone else's data does.
@Suite struct SecureEraseTests {
    static func occurrences(of marker: String, inFilesStartingWith path: String) throws -> Int {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let needle = Array(marker.utf8)
        var found = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where (folder.path + "/" + name).hasPrefix(path) {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            var index = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0], Array(bytes[index..<index + needle.count]) == needle { found += 1 }
                index += 1
            }
        }
        return found
    }

    @Test func erasedUsersBytesAreInNoFileOfTheStore() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/s.sqlite"
            let store = try SQLiteSessionStore(path: path)
            try await store.withRunning {
                let manager = SessionManager(store: store)
                let payload = String(repeating: "x", count: 2_000)
                for user in ["gone-user", "kept-user"] {
                    let marker = user == "gone-user" ? "ERASEME" : "KEEPME"
                    for _ in 0..<5 {
                        let session = try await manager.create(SessionSpec(application: "t", userID: user, labels: ["tag": "\(marker)-label"]))
                        _ = try await manager.append(
                            session.id, (0..<20).map { n in NewEvent(type: "note", data: ["text": .string("\(marker)-\(n) \(payload)")], stateDelta: ["m": .string(marker)]) })
                        _ = try await manager.end(session.id)
                    }
                }
                #expect(try Self.occurrences(of: "ERASEME", inFilesStartingWith: path) > 0)
                #expect(try await store.eraseUser("gone-user").sessions == 5)
                #expect(try Self.occurrences(of: "ERASEME", inFilesStartingWith: path) == 0)
                #expect(try Self.occurrences(of: "gone-user", inFilesStartingWith: path) == 0)
                #expect(try Self.occurrences(of: "KEEPME", inFilesStartingWith: path) > 0)
            }
        }
    }

    @Test func purgedTrashLeavesNoByteInTheFiles() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/s.sqlite"
            let store = try SQLiteSessionStore(path: path)
            try await store.withRunning {
                let manager = SessionManager(store: store)
                for user in ["gone-user", "kept-user"] {
                    let marker = user == "gone-user" ? "TRASHME" : "KEEPME"
                    let session = try await manager.create(SessionSpec(application: "t", userID: user, labels: ["tag": "\(marker)-label"]))
                    _ = try await manager.append(session.id, (0..<20).map { n in NewEvent(type: "note", data: ["text": .string("\(marker)-\(n)")]) })
                }
                #expect(try await store.trashUser("gone-user", at: Timestamp(milliseconds: 1)).sessions == 1)
                #expect(try Self.occurrences(of: "TRASHME", inFilesStartingWith: path) > 0)  // restorable until the purge
                #expect(try await store.purgeTrash(trashedBefore: Timestamp(milliseconds: 2), userID: nil).erased.sessions == 1)
                #expect(try Self.occurrences(of: "TRASHME", inFilesStartingWith: path) == 0)
                #expect(try Self.occurrences(of: "gone-user", inFilesStartingWith: path) == 0)
                #expect(try Self.occurrences(of: "KEEPME", inFilesStartingWith: path) > 0)
            }
        }
    }
}
