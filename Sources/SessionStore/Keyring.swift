public import SessionCore

/// Where the data keys of encryption at rest live, apart from the store (SQLite: `SQLiteKeyring`).
///
/// Synchronous, because payloads are sealed and opened inside a store's transaction; a
/// ``PayloadCipher`` caches what it reads, so a keyring is asked only for keys it has not seen.
public protocol Keyring: Sendable {
    /// Keeps `verifier` (``MasterKey/verifier(nonce:)``) unless the keyring has one already, from
    /// the master key it was made with; returns the one it keeps.
    func setVerifier(_ verifier: [UInt8]) throws -> [UInt8]

    /// The key with this id, `nil` once destroyed (or never made).
    func key(id: String) throws -> WrappedDataKey?

    /// The user's key for new payloads (the oldest not retired), or `candidate`, stored as
    /// theirs, when they have none; of two processes racing, both get the key stored first.
    func key(user: String, orInsert candidate: WrappedDataKey) throws -> WrappedDataKey

    /// Retires the user's keys: they still open what they sealed, but new payloads get a new
    /// key (their erased data waits in the trash under the old ones). Returns how many.
    func retireKeys(user: String) throws -> Int

    /// Takes the user's retired keys back into use (their data came back from the trash).
    func reinstateKeys(user: String) throws -> Int

    /// Destroys the user's keys (only the retired ones if `retiredOnly`), beyond recovery from
    /// the keyring's file; returns how many.
    func destroyKeys(user: String, retiredOnly: Bool) throws -> Int

    /// A value that changes whenever another process changes the keyring.
    func version() throws -> Int64
}
