import GRDB
public import SessionCore
import SessionStore

extension SQLiteSessionStore {
    public func setConsent(_ record: ConsentRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO consents (user_id, categories, policy_version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    record.userID, record.categories.map(\.rawValue).joined(separator: ","), record.policyVersion, record.updatedAt.milliseconds,
                    record.updatedBy,
                ])
        }
    }

    public func consent(userID: String) async throws -> ConsentRecord? {
        try await read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT categories, policy_version, updated_at, updated_by FROM consents WHERE user_id = ?", arguments: [userID])
            else { return nil }
            return ConsentRecord(
                userID: userID, categories: ConsentRecord.categories(from: row[0]), policyVersion: row[1], updatedAt: Timestamp(milliseconds: row[2]),
                updatedBy: row[3])
        }
    }
}
