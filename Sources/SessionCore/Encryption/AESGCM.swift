internal import Crypto

/// AES-256-GCM over byte arrays: nonce ‖ ciphertext ‖ tag, the layout of `SealedBox.combined`.
enum AESGCM {
    static let nonceBytes = 12
    static let tagBytes = 16

    static func seal(_ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8], aad: String) throws(SessionError) -> [UInt8] {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, nonce: try AES.GCM.Nonce(data: nonce), authenticating: Array(aad.utf8))
            var out: [UInt8] = []
            out.reserveCapacity(nonceBytes + plaintext.count + tagBytes)
            out.append(contentsOf: nonce)
            out.append(contentsOf: box.ciphertext)
            out.append(contentsOf: box.tag)
            return out
        } catch {
            throw SessionError(.invalidArgument, "cannot seal: a nonce is \(nonceBytes) bytes")
        }
    }

    static func open(_ combined: [UInt8], key: SymmetricKey, aad: String, what: String) throws(SessionError) -> [UInt8] {
        guard combined.count >= nonceBytes + tagBytes else { throw SessionError(.invalidArgument, "\(what) is too short to be sealed") }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: try AES.GCM.Nonce(data: combined[..<nonceBytes]), ciphertext: combined[nonceBytes..<(combined.count - tagBytes)],
                tag: combined[(combined.count - tagBytes)...])
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(aad.utf8)))
        } catch {
            throw SessionError(.invalidArgument, "\(what) does not open with this key")
        }
    }
}
