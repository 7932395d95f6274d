#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore
import Synchronization

/// Encryption at rest: seals payload columns with a key per user and opens them again.
///
/// A store given a cipher (`SQLiteSessionStore.Configuration.cipher`,
/// `PostgresSessionStore.Configuration.cipher`) seals event `data`, `state_delta` and
/// `inverse_delta`, the session's `state` and its snapshots before they are written, and opens
/// them on every read, so the engine above sees plain values. Everything else (ids, types,
/// times, status, counters, metrics, context, labels) stays in the clear: lifecycle, queries and
/// analytics work on it unchanged.
///
/// Each user has a ``DataKey`` wrapped by the ``MasterKey`` in a ``Keyring``; sessions without
/// a user share the key of the empty user. ``destroyKeys(user:)`` is crypto-shredding: payloads
/// sealed under those keys read back as erased, in the live store and in every copy of it.
public final class PayloadCipher: Sendable {
    private struct State {
        var dataKeys: [String: DataKey] = [:]
        var keyIDByUser: [String: String] = [:]
        var payloadKeys: [PayloadKeyID: PayloadKey] = [:]
        var keyringVersion: Int64?
        var lastCheck: ContinuousClock.Instant?
    }

    private struct PayloadKeyID: Hashable {
        var keyID: String
        var sessionID: UUID
    }

    private let master: MasterKey
    private let keyring: any Keyring
    private let state = Mutex(State())
    /// Derived per-session keys kept before the cache starts over.
    private static let payloadKeyCapacity = 4096

    /// - Throws: `invalid_argument` if `master` is not the key the keyring was made with.
    public init(master: MasterKey, keyring: any Keyring) throws {
        self.master = master
        self.keyring = keyring
        let kept = try keyring.setVerifier(try master.verifier(nonce: Self.randomBytes(12)))
        guard master.verifies(kept) else {
            throw SessionError(.invalidArgument, "the master key is not the one this keyring was made with")
        }
    }

    /// `text` (a column's JSON) sealed under the data key of `user` for `field` of session `sessionID`.
    public func seal(_ text: String, user: String?, sessionID: UUID, field: String) throws -> String {
        let (keyID, key) = try payloadKey(user: user ?? "", sessionID: sessionID)
        return try SealedPayload.seal(text, key: key, keyID: keyID, nonce: Self.randomBytes(12), aad: Self.aad(sessionID, field))
    }

    /// `text` sealed as bytes, for a column that holds them (SQLite's BLOBs).
    public func sealBytes(_ text: String, user: String?, sessionID: UUID, field: String) throws -> [UInt8] {
        let (keyID, key) = try payloadKey(user: user ?? "", sessionID: sessionID)
        return try SealedPayload.sealBytes(text, key: key, keyID: keyID, nonce: Self.randomBytes(12), aad: Self.aad(sessionID, field))
    }

    /// `seal` of an optional column.
    public func seal(_ text: String?, user: String?, sessionID: UUID, field: String) throws -> String? {
        try text.map { try seal($0, user: user, sessionID: sessionID, field: field) }
    }

    /// The JSON of a column as stored: `text` itself when it is not sealed, its plaintext when
    /// it is, and `nil` when the key it was sealed under is destroyed.
    ///
    /// - Throws: `corrupted` when a sealed value does not open (tampered with, or moved).
    public func open(_ text: String, sessionID: UUID, field: String) throws -> String? {
        guard SealedPayload.isSealed(text) else { return text }
        return try open(bytes: Array(text.utf8), sessionID: sessionID, field: field)
    }

    /// The plaintext of a sealed payload in either form (``sealBytes(_:user:sessionID:field:)``
    /// or `seal`); `nil` when the key it was sealed under is destroyed.
    ///
    /// - Throws: `corrupted` when it does not open (tampered with, or moved).
    public func open(bytes: [UInt8], sessionID: UUID, field: String) throws -> String? {
        do {
            let keyID = try SealedPayload.keyID(of: bytes)
            guard let key = try payloadKey(id: keyID, sessionID: sessionID) else { return nil }
            return try SealedPayload.open(bytes, key: key, aad: Self.aad(sessionID, field))
        } catch let error as SessionError {
            throw SessionStoreError(.corrupted, "\(field) of session \(sessionID.lowercased) does not open", underlying: error)
        }
    }

    /// Destroys the data keys of `user` (crypto-shredding), only the retired ones if
    /// `retiredOnly`; returns how many there were.
    public func destroyKeys(user: String, retiredOnly: Bool = false) throws -> Int {
        let count = try keyring.destroyKeys(user: user, retiredOnly: retiredOnly)
        state.withLock { state in state = State() }
        return count
    }

    /// Retires the keys of `user`: what they sealed still opens, new payloads get a new key.
    /// Erasure to the trash does it, so the later purge can destroy the old keys alone.
    public func retireKeys(user: String) throws -> Int {
        let count = try keyring.retireKeys(user: user)
        state.withLock { state in state.keyIDByUser[user] = nil }
        return count
    }

    /// Takes the retired keys of `user` back into use: their data came back from the trash.
    public func reinstateKeys(user: String) throws -> Int {
        let count = try keyring.reinstateKeys(user: user)
        state.withLock { state in state.keyIDByUser[user] = nil }
        return count
    }

    /// How often ``revalidate()`` asks the keyring whether another process changed it.
    public static let revalidationInterval: Duration = .milliseconds(100)

    /// Forgets cached keys if another process changed the keyring (destroyed a user's keys)
    /// since it last looked, at most every ``revalidationInterval`` (asking costs about as much
    /// as sealing an event). Stores call it at the start of each write transaction.
    public func revalidate() throws {
        let now = ContinuousClock.now
        let due = state.withLock { state in
            guard let last = state.lastCheck, now - last < Self.revalidationInterval else {
                state.lastCheck = now
                return true
            }
            return false
        }
        guard due else { return }
        let version = try keyring.version()
        state.withLock { state in
            if state.keyringVersion != version {
                if state.keyringVersion != nil {
                    state.dataKeys.removeAll()
                    state.keyIDByUser.removeAll()
                    state.payloadKeys.removeAll()
                }
                state.keyringVersion = version
            }
        }
    }

    private func payloadKey(user: String, sessionID: UUID) throws -> (String, PayloadKey) {
        if let keyID = state.withLock({ $0.keyIDByUser[user] }), let key = try payloadKey(id: keyID, sessionID: sessionID) {
            return (keyID, key)
        }
        let id = UUID().uuidString.lowercased()
        let candidate = WrappedDataKey(
            id: id, user: user, wrapped: try master.wrap(try DataKey(bytes: Self.randomBytes(32)), id: id, user: user, nonce: Self.randomBytes(12)),
            createdAt: Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
        let stored = try keyring.key(user: user, orInsert: candidate)
        let dataKey = try master.unwrap(stored.wrapped, id: stored.id, user: stored.user)
        let key = dataKey.payloadKey(for: sessionID)
        state.withLock { state in
            state.dataKeys[stored.id] = dataKey
            state.keyIDByUser[user] = stored.id
            state.payloadKeys[PayloadKeyID(keyID: stored.id, sessionID: sessionID)] = key
        }
        return (stored.id, key)
    }

    private func payloadKey(id: String, sessionID: UUID) throws -> PayloadKey? {
        let slot = PayloadKeyID(keyID: id, sessionID: sessionID)
        let (cachedKey, cachedDataKey) = state.withLock { ($0.payloadKeys[slot], $0.dataKeys[id]) }
        if let cachedKey { return cachedKey }
        let dataKey: DataKey
        if let cachedDataKey {
            dataKey = cachedDataKey
        } else {
            guard let wrapped = try keyring.key(id: id) else { return nil }
            dataKey = try master.unwrap(wrapped.wrapped, id: wrapped.id, user: wrapped.user)
        }
        let key = dataKey.payloadKey(for: sessionID)
        state.withLock { state in
            state.dataKeys[id] = dataKey
            if state.payloadKeys.count >= Self.payloadKeyCapacity { state.payloadKeys.removeAll(keepingCapacity: true) }
            state.payloadKeys[slot] = key
        }
        return key
    }

    private static func aad(_ sessionID: UUID, _ field: String) -> String { sessionID.lowercased + "/" + field }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return Array(bytes.prefix(count))
    }
}
