import PostgresNIO
public import SessionCore
import SessionStore

extension PostgresSessionStore {
    public func setConsent(_ record: ConsentRecord) async throws {
        _ = try await transaction("cannot store the consent") { connection in
            try await connection.query(
                """
                INSERT INTO consents (user_id, categories, policy_version, updated_at, updated_by)
                VALUES (\(record.userID), \(record.categories.map(\.rawValue).joined(separator: ",")), \(record.policyVersion),
                    \(record.updatedAt.milliseconds), \(record.updatedBy))
                ON CONFLICT (user_id) DO UPDATE SET categories = EXCLUDED.categories, policy_version = EXCLUDED.policy_version,
                    updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
                """, logger: self.logger)
        }
    }

    public func consent(userID: String) async throws -> ConsentRecord? {
        try await fetch(
            "SELECT categories, policy_version, updated_at, updated_by FROM consents WHERE user_id = \(userID)", "cannot read the consent"
        ) { row in
            let (categories, version, updatedAt, updatedBy) = try row.decode((String, String?, Int64, String).self)
            return ConsentRecord(
                userID: userID, categories: ConsentRecord.categories(from: categories), policyVersion: version,
                updatedAt: Timestamp(milliseconds: updatedAt), updatedBy: updatedBy)
        }.first
    }
}
