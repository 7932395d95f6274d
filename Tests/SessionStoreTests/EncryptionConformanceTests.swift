import Foundation
import SessionCore
import SessionKit
import SessionStore
import SessionStoreSQLite
import TestSupport
import Testing

/// Encryption at rest with crypto-shredding, on every backend: payloads are sealed in the
/// store and in its backups, read back plain, and erasing a user destroys their keys, so a
/// backup taken before yields everyone else's data and nothing of theirs.
@Suite struct EncryptionConformanceTests {
    static let masterHex = "6a1f0c9e2b7d4a58c3e61f9b0d2a7c4e8f1b3d5a7c9e0f2a4b6c8d0e1f3a5b7c"

    static func cipher(_ location: StoreLocation, master: String = masterHex) throws -> PayloadCipher {
        try PayloadCipher(master: try MasterKey(hex: master), keyring: try SQLiteKeyring(path: location.folder + "/keys.sqlite"))
    }

    static func configuration(_ cipher: PayloadCipher) -> SessionManager.Configuration {
        var configuration = SessionManager.Configuration()
        configuration.cipher = cipher
        configuration.snapshotInterval = 4
        return configuration
    }

    /// Writes a session per user with `<user>-SECRET-n` in its events and `<user>-STATE-n` in its state, ended.
    static func fill(_ manager: SessionManager, users: [String]) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for user in users {
            let session = try await manager.create(.stub(user: user))
            _ = try await manager.append(
                session.id,
                (0..<6).map { n in NewEvent(type: "note", data: ["text": .string("\(user)-SECRET-\(n)")], stateDelta: ["last": .string("\(user)-STATE-\(n)")]) })
            _ = try await manager.end(session.id)
            ids[user] = session.id
        }
        return ids
    }

    @Test(arguments: StoreBackend.available)
    func payloadsAreSealedAtRestAndReadBackPlain(_ backend: StoreBackend) async throws {
        try await backend.withLocation { location in
            let cipher = try Self.cipher(location)
            let store = try location.open(cipher: cipher)
            let ids = try await store.withRunning {
                let manager = SessionManager(store: store, configuration: Self.configuration(cipher))
                let ids = try await Self.fill(manager, users: ["alice"])
                let id = try #require(ids["alice"])
                let events = try await store.events(id, afterSeq: 0, limit: 100, types: [])
                #expect(events.contains { $0.data["text"] == "alice-SECRET-5" })
                #expect(events.contains { $0.stateDelta == ["last": "alice-STATE-0"] })
                #expect(try await store.session(id)?.state == ["last": "alice-STATE-5"])
                let second = try #require(events.first { $0.data["text"] == "alice-SECRET-1" })
                #expect(try await manager.state(id, atSeq: second.seq).state == ["last": "alice-STATE-1"])
                let snapshot = try #require(try await store.snapshot(id, atOrBefore: second.seq + 2))
                #expect(try await manager.state(id, atSeq: snapshot.seq).state == snapshot.state)
                #expect(snapshot.state["last"]?.stringValue?.hasPrefix("alice-STATE-") == true)
                #expect(try await manager.verify(id).isIntact)
                if backend == .sqlite {
                    #expect(try SecureEraseTests.occurrences(of: "SECRET", inFilesStartingWith: location.sqlitePath) == 0)
                    #expect(try SecureEraseTests.occurrences(of: "STATE-", inFilesStartingWith: location.sqlitePath) == 0)
                }
                return ids
            }
            let backup = try await location.backup("plain-check")
            #expect(try SecureEraseTests.occurrences(of: "SECRET", inFilesStartingWith: backup) == 0)
            #expect(try SecureEraseTests.occurrences(of: "STATE-", inFilesStartingWith: backup) == 0)
            #expect(try SecureEraseTests.occurrences(of: "$sd1", inFilesStartingWith: backup) > 0)

            // Without the cipher the store says why it cannot read; with another master key the keyring refuses to open.
            let blind = try location.open(cipher: nil)
            try await blind.withRunning {
                let error = await #expect(throws: SessionStoreError.self) { _ = try await blind.events(try #require(ids["alice"]), afterSeq: 0, limit: 10, types: []) }
                #expect(error?.message.contains("is encrypted") == true)
            }
            let wrong = #expect(throws: SessionError.self) { _ = try Self.cipher(location, master: String(repeating: "0", count: 64)) }
            #expect(wrong?.code == .invalidArgument)
        }
    }

    @Test(arguments: StoreBackend.available)
    func anErasedUsersPayloadsAreUnreadableInABackupTakenBeforeWhileOthersStay(_ backend: StoreBackend) async throws {
        try await backend.withLocation { location in
            let cipher = try Self.cipher(location)
            let store = try location.open(cipher: cipher)
            let (ids, written) = try await store.withRunning {
                let ids = try await Self.fill(SessionManager(store: store, configuration: Self.configuration(cipher)), users: ["alice", "bob"])
                return (ids, try await store.events(try #require(ids["alice"]), afterSeq: 0, limit: 100, types: []))
            }
            let alice = try #require(ids["alice"]), bob = try #require(ids["bob"])
            let backup = try await location.backup("before-erasure")

            let live = try location.open(cipher: cipher)
            try await live.withRunning {
                let erased = try await SessionManager(store: live, configuration: Self.configuration(cipher)).eraseUser("alice")
                #expect(erased.erased.sessions == 1)
            }

            try await location.restore(backup)
            let reopened = try Self.cipher(location)  // a new process: nothing cached
            let restored = try location.open(cipher: reopened)
            try await restored.withRunning {
                let bobs = try await restored.events(bob, afterSeq: 0, limit: 100, types: [])
                #expect(bobs.contains { $0.data["text"] == "bob-SECRET-5" })
                #expect(try await restored.session(bob)?.state == ["last": "bob-STATE-5"])

                let alices = try await restored.events(alice, afterSeq: 0, limit: 100, types: [])
                #expect(alices.map(\.type) == written.map(\.type))  // the lifecycle is still there
                #expect(alices.allSatisfy { $0.data == .null && $0.stateDelta == nil && $0.redactions.contains(Redaction(path: "data", rule: "erased")) })
                let session = try #require(try await restored.session(alice))
                #expect(session.state == .emptyObject)
                #expect(session.status == .completed)
                #expect(session.lastSeq == written.last?.seq)
                #expect(try await restored.snapshot(alice, atOrBefore: .max)?.state == .emptyObject)
            }
        }
    }

    @Test(arguments: StoreBackend.available)
    func archivesAreSealedAndAnErasedUsersCopiedArchiveDoesNotOpen(_ backend: StoreBackend) async throws {
        try await backend.withLocation { location in
            let cipher = try Self.cipher(location)
            let archive = DirectoryArchiveStore(directory: URL(fileURLWithPath: location.folder + "/archive"))
            var configuration = Self.configuration(cipher)
            configuration.archive = archive
            let store = try location.open(cipher: cipher)
            try await store.withRunning {
                let manager = SessionManager(store: store, configuration: configuration)
                let id = try #require(try await Self.fill(manager, users: ["alice"])["alice"])
                let events = try await store.events(id, afterSeq: 0, limit: 100, types: [])
                #expect(try await manager.archive(id, into: archive) == events.count + 1)  // and `archived`
                let stored = try #require(try await archive.get(id))
                #expect(stored.isSealed)
                #expect(stored.events.allSatisfy { $0.data.stringValue?.hasPrefix("$sd1:") == true })
                #expect(stored.session.state.stringValue?.hasPrefix("$sd1:") == true)
                #expect(try await manager.restore(id, from: archive) == events.count + 1)
                #expect(try await manager.verify(id).isIntact)
                #expect(try await store.events(id, afterSeq: 0, limit: 100, types: []).prefix(events.count).map(\.data) == events.map(\.data))

                let copy = DirectoryArchiveStore(directory: URL(fileURLWithPath: location.folder + "/copy"))
                try await copy.put(stored)
                _ = try await manager.eraseUser("alice")
                let reread = try #require(try await copy.get(id))
                let error = #expect(throws: SessionError.self) { _ = try reread.opened { text, field in try cipher.open(text, sessionID: id, field: field) } }
                #expect(error?.code == .notArchived)
            }
        }
    }

    @Test(arguments: StoreBackend.available)
    func aTrashedUsersDataOpensUntilThePurgeDestroysTheKeysItWasSealedUnder(_ backend: StoreBackend) async throws {
        try await backend.withLocation { location in
            let cipher = try Self.cipher(location)
            var configuration = Self.configuration(cipher)
            configuration.trashGrace = .seconds(86_400)
            let store = try location.open(cipher: cipher)
            let old = try await store.withRunning {
                try #require(try await Self.fill(SessionManager(store: store, configuration: configuration), users: ["alice"])["alice"])
            }
            let backup = try await location.backup("before-erasure")
            let live = try location.open(cipher: cipher)
            try await live.withRunning {
                let manager = SessionManager(store: live, configuration: configuration)
                let trashed = try await manager.eraseUser("alice")
                #expect(trashed.purgeAfter != nil)
                #expect(try await live.session(old) == nil)
                #expect(try await manager.restoreTrash(user: "alice", actor: "test").sessions == 1)
                #expect(try await live.events(old, afterSeq: 0, limit: 100, types: []).contains { $0.data["text"] == "alice-SECRET-5" })
                _ = try await manager.eraseUser("alice")
                // Written after the erasure: under a new key, which the purge leaves alone.
                let fresh = try await manager.create(.stub(user: "alice"))
                _ = try await manager.append(fresh.id, [NewEvent(type: "note", data: ["text": "alice-AFTER"])])
                let purged = try await manager.purgeTrash(trashedBefore: Timestamp(milliseconds: .max))
                #expect(purged.purge.erased.sessions == 1)
                #expect(purged.keys == 1)
                #expect(try await live.events(fresh.id, afterSeq: 0, limit: 10, types: []).contains { $0.data["text"] == "alice-AFTER" })
            }
            try await location.restore(backup)
            let restored = try location.open(cipher: try Self.cipher(location))
            try await restored.withRunning {
                let events = try await restored.events(old, afterSeq: 0, limit: 100, types: [])
                #expect(!events.isEmpty && events.allSatisfy { $0.data == .null })
            }
        }
    }
}
