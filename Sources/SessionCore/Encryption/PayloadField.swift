/// Where each payload column sits: the authenticated data of its seal (encryption at rest), and
/// the field names an archive seals.
package enum PayloadField {
    package static let state = "state"
    package static func snapshot(_ seq: Int64) -> String { "snapshot/\(seq)" }
    package static func data(_ seq: Int64) -> String { "event/\(seq)/data" }
    package static func stateDelta(_ seq: Int64) -> String { "event/\(seq)/state_delta" }
    package static func inverseDelta(_ seq: Int64) -> String { "event/\(seq)/inverse_delta" }
    /// The rule an event's redactions name when its payload was sealed under a destroyed key.
    package static let erasedRule = "erased"
}
