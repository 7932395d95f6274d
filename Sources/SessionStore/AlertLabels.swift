import SessionCore

/// The `labels` column of `alerts`: a JSON object of strings.
package enum AlertLabels {
    package static func encode(_ labels: [String: String]) -> String {
        JSONWriter.string(.object(labels.mapValues { .string($0) }))
    }

    package static func decode(_ text: String) throws -> [String: String] {
        guard case .object(let object) = try? JSONParser.parse(text) else {
            throw SessionStoreError(.corrupted, "an alert's labels are unreadable")
        }
        return object.compactMapValues(\.stringValue)
    }
}
