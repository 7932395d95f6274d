#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import Crypto

/// A user's data key: 32 random bytes, kept only wrapped by the ``MasterKey`` in a keyring.
/// Destroying it (crypto-shredding) leaves every payload sealed under it unreadable, wherever
/// a copy of the payload went.
///
/// Payloads are not sealed with the data key itself but with a key derived from it per
/// session (HKDF-SHA256, the session id as salt): random 96-bit GCM nonces stay far from their
/// collision bound however many events a user writes over the years.
public struct DataKey: Sendable {
    let bytes: [UInt8]

    /// - Throws: `invalid_argument` unless `bytes` is 32 bytes long.
    public init(bytes: [UInt8]) throws(SessionError) {
        guard bytes.count == 32 else { throw SessionError(.invalidArgument, "a data key is 32 bytes") }
        self.bytes = bytes
    }

    /// The key that seals the payloads of one session.
    public func payloadKey(for sessionID: UUID) -> PayloadKey {
        let salt = Array(sessionID.lowercased.utf8)
        return PayloadKey(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: bytes), salt: salt, info: Array("sessiond payload v1".utf8), outputByteCount: 32))
    }
}

/// The AES-256-GCM key of one session's payloads (see ``DataKey/payloadKey(for:)``).
// swift-crypto does not mark `SymmetricKey` Sendable on Linux; it is an immutable value whose
// storage is never written after it is made.
public struct PayloadKey: @unchecked Sendable {
    let key: SymmetricKey
}
