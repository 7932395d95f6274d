#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import Crypto

/// AES-256-GCM over byte arrays: nonce ‖ ciphertext ‖ tag, the layout of `SealedBox.combined`.
enum AESGCM {
    static let nonceBytes = 12
    static let tagBytes = 16

    /// `plaintext` sealed, appended to `out` as nonce ‖ ciphertext ‖ tag.
    static func seal(_ plaintext: String, key: SymmetricKey, nonce: [UInt8], aad: String, into out: inout [UInt8]) throws(SessionError) {
        var text = plaintext
        do {
            let gcmNonce = try AES.GCM.Nonce(data: nonce)
            let box = try text.withUTF8 { utf8 in
                try AES.GCM.seal(UnsafeRawBufferPointer(utf8), using: key, nonce: gcmNonce, authenticating: Array(aad.utf8))
            }
            guard let combined = box.combined else { throw SessionError(.invalidArgument, "cannot seal") }
            out.append(contentsOf: combined)
        } catch {
            throw SessionError(.invalidArgument, "cannot seal: a nonce is \(nonceBytes) bytes")
        }
    }

    static func seal(_ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8], aad: String) throws(SessionError) -> [UInt8] {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, nonce: try AES.GCM.Nonce(data: nonce), authenticating: Array(aad.utf8))
            guard let combined = box.combined else { throw SessionError(.invalidArgument, "cannot seal") }
            return Array(combined)
        } catch {
            throw SessionError(.invalidArgument, "cannot seal: a nonce is \(nonceBytes) bytes")
        }
    }

    static func open(_ combined: [UInt8], key: SymmetricKey, aad: String, what: String) throws(SessionError) -> [UInt8] {
        Array(try openData(combined[...], key: key, aad: aad, what: what))
    }

    /// The plaintext of nonce ‖ ciphertext ‖ tag.
    static func openData(_ combined: ArraySlice<UInt8>, key: SymmetricKey, aad: String, what: String) throws(SessionError) -> Data {
        guard combined.count >= nonceBytes + tagBytes else { throw SessionError(.invalidArgument, "\(what) is too short to be sealed") }
        do {
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key, authenticating: Array(aad.utf8))
        } catch {
            throw SessionError(.invalidArgument, "\(what) does not open with this key")
        }
    }
}
