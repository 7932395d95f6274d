public import InMemoryLogging
public import Logging

extension InMemoryLogHandler {
    /// A logger that records into this handler (its copies share the entries) from `level` up;
    /// the handler's own default level is `info`.
    public func logger(_ label: String = "test", level: Logger.Level = .trace) -> Logger {
        var handler = self
        handler.logLevel = level
        let configured = handler
        return Logger(label: label) { _ in configured }
    }
}
