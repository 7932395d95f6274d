import Foundation
import Logging
import SessionCore
package import SessionKit

/// Plays ``DemoStep``s on an engine through its public operations, mapping the scenario's
/// session keys to the ids the engine hands out.
///
/// A step that fails (its session already ended, say) is logged at debug and the session's
/// later steps are skipped: a demo never stops on one bad move.
package struct DemoPlayer: Sendable {
    let manager: SessionManager
    private var ids: [Int: UUID] = [:]
    private var dropped: Set<Int> = []
    /// Sessions created so far.
    package private(set) var created = 0
    /// Client events appended so far.
    package private(set) var appended = 0

    package init(manager: SessionManager) {
        self.manager = manager
    }

    /// Plays one step; returns whether it went through.
    @discardableResult
    package mutating func play(_ step: DemoStep) async -> Bool {
        if case .sweep = step.operation {
            do {
                _ = try await manager.sweep()
                return true
            } catch {
                manager.logger.debug("demo sweep failed", metadata: ["error": "\(error)"])
                return false
            }
        }
        guard !dropped.contains(step.session) else { return false }
        do {
            if case .create(let spec, let parent) = step.operation {
                let parentID = try parent.map { key in
                    guard let id = ids[key] else { throw SessionError(.sessionNotFound, "the parent was not created") }
                    return id
                }
                ids[step.session] = try await manager.create(spec, parentID: parentID).id
                created += 1
                return true
            }
            guard let id = ids[step.session] else { throw SessionError(.sessionNotFound, "the session was not created") }
            switch step.operation {
            case .create, .sweep: break
            case .append(let events):
                _ = try await manager.append(id, events)
                appended += events.count
            case .heartbeat: try await manager.heartbeat(id)
            case .suspend(let reason): try await manager.suspend(id, reason: reason)
            case .resume(let reason): try await manager.resume(id, reason: reason)
            case .end(let reason):
                try await manager.end(id, reason: reason)
                ids[step.session] = nil
            case .fail(let reason):
                try await manager.fail(id, reason: reason)
                ids[step.session] = nil
            case .terminate(let reason):
                try await manager.terminate(id, reason: reason)
                ids[step.session] = nil
            }
            return true
        } catch {
            dropped.insert(step.session)
            ids[step.session] = nil
            manager.logger.debug("demo step failed", metadata: ["demo.session": "\(step.session)", "error": "\(error)"])
            return false
        }
    }
}
