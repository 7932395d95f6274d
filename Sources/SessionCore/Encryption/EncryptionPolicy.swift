/// The `encryption` section of a policy file:
/// `{"enabled": true, "master_key_file": "master.key", "keyring": "keys.sqlite"}`.
///
/// With it enabled, event payloads (`data`, `state_delta` and its inverse), session state and
/// snapshots are sealed with a data key per user (AES-256-GCM), each wrapped by the master key
/// and kept in the keyring, a file apart from the store. Erasing a user destroys their keys.
public struct EncryptionPolicy: Sendable, Hashable {
    /// Where the master key comes from: 64 hex digits in a file or an environment variable.
    public enum MasterKeySource: Sendable, Hashable {
        /// Key `master_key_file`, relative to the policy file.
        case file(String)
        /// Key `master_key_env`: the variable's name.
        case environment(String)
    }

    /// Key `enabled`, default `true` when the section is present.
    public var enabled = true
    public var masterKey: MasterKeySource
    /// Key `keyring`, default `keys.sqlite`: the keyring file, relative to the policy file.
    public var keyring = "keys.sqlite"

    public init(masterKey: MasterKeySource, keyring: String = "keys.sqlite", enabled: Bool = true) {
        self.masterKey = masterKey
        self.keyring = keyring
        self.enabled = enabled
    }

    /// Reads the section; errors name the field.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "encryption")
        let file: String?, name: String?
        do throws(SessionError) {
            try o.allow(["enabled", "master_key_file", "master_key_env", "keyring"])
            file = try o.string("master_key_file")
            name = try o.string("master_key_env")
            if let enabled = try o.bool("enabled") { self.enabled = enabled }
            if let keyring = try o.string("keyring") { self.keyring = keyring }
        } catch {
            throw SessionError(.invalidArgument, "encryption: \(error.message)")
        }
        switch (file, name) {
        case (let file?, nil) where !file.isEmpty: masterKey = .file(file)
        case (nil, let name?) where !name.isEmpty: masterKey = .environment(name)
        case (_?, _?): throw SessionError(.invalidArgument, "encryption: give master_key_file or master_key_env, not both")
        default: throw SessionError(.invalidArgument, "encryption.master_key_file: required (or master_key_env)")
        }
        guard !keyring.isEmpty else { throw SessionError(.invalidArgument, "encryption.keyring: must name a file") }
    }
}
