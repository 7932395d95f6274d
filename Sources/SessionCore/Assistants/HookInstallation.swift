/// The hooks block `sessiond install` merges into an assistant's settings, and takes out again.
///
/// The settings shape is the one the three assistants share:
/// `{"hooks": {"<Event>": [{"matcher": "*", "hooks": [{"type": "command", "command": "…"}]}]}}`.
/// An entry is sessiond's when its command runs a `sessiond` executable with `hook <assistant>`;
/// everything else in the file is kept as it is.
public struct HookInstallation: Sendable, Hashable {
    public var kind: AssistantKind
    /// The command each hook runs, e.g. `'/usr/local/bin/sessiond' hook claude-code`.
    public var command: String
    /// Seconds the assistant gives the command before it gives up on it.
    public var timeoutSeconds: Int

    public init(kind: AssistantKind, command: String, timeoutSeconds: Int = 5) {
        self.kind = kind
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }

    /// The hook events installed, and whether each takes a tool matcher.
    public var events: [(name: String, matcher: Bool)] {
        switch kind {
        case .claudeCode:
            [
                ("SessionStart", false), ("SessionEnd", false), ("UserPromptSubmit", false), ("PreToolUse", true),
                ("PostToolUse", true), ("PostToolUseFailure", true), ("PermissionRequest", true), ("Notification", false),
                ("Stop", false), ("StopFailure", false), ("SubagentStart", false), ("SubagentStop", false), ("PreCompact", false),
            ]
        case .codex:
            [
                ("SessionStart", false), ("UserPromptSubmit", false), ("PreToolUse", true), ("PostToolUse", true),
                ("PermissionRequest", true), ("Stop", false), ("StopFailure", false), ("SubagentStart", false),
                ("SubagentStop", false), ("PreCompact", false), ("PostCompact", false),
            ]
        case .gemini:
            [
                ("SessionStart", false), ("SessionEnd", false), ("BeforeAgent", false), ("AfterAgent", false),
                ("AfterModel", false), ("BeforeTool", true), ("AfterTool", true), ("Notification", false), ("PreCompress", false),
            ]
        }
    }

    /// Whether `command` is a sessiond hook command for `kind` (any path, any options).
    public static func isSessiond(_ command: String, kind: AssistantKind) -> Bool {
        let words = command.split(separator: " ").map { word in
            String(word.drop { $0 == "'" || $0 == "\"" }.reversed().drop { $0 == "'" || $0 == "\"" }.reversed())
        }
        guard let hook = words.firstIndex(of: "hook"), hook > 0, hook + 1 < words.count, words[hook + 1] == kind.rawValue else { return false }
        return words[hook - 1] == "sessiond" || words[hook - 1].hasSuffix("/sessiond")
    }

    /// `settings` with sessiond's hooks in place: each event gets one entry running ``command``,
    /// replacing an older sessiond entry (another path or options). `changed` is false when the
    /// file already says exactly this.
    ///
    /// - Throws: `invalid_argument` when `settings` or its `hooks` is not an object.
    public func installed(into settings: JSONValue) throws(SessionError) -> (settings: JSONValue, changed: Bool) {
        let removed = try uninstalled(from: settings).settings
        guard case .object(var root) = removed else { throw SessionError(.invalidArgument, "the settings file is not a JSON object") }
        var hooks = root["hooks"]?.objectValue ?? [:]
        for (name, matcher) in events {
            var groups = hooks[name]?.arrayValue ?? []
            var entry: [String: JSONValue] = ["hooks": [["type": "command", "command": .string(command), "timeout": .int(Int64(timeoutSeconds))]]]
            if matcher { entry["matcher"] = "*" }
            groups.append(.object(entry))
            hooks[name] = .array(groups)
        }
        root["hooks"] = .object(hooks)
        let result = JSONValue.object(root)
        return (result, result != settings)
    }

    /// `settings` without sessiond's hooks for ``kind``: other commands in the same group stay, a
    /// group left empty goes, an event left empty goes, and `hooks` goes if nothing is left in it.
    public func uninstalled(from settings: JSONValue) throws(SessionError) -> (settings: JSONValue, removed: Int) {
        guard case .object(var root) = settings else { throw SessionError(.invalidArgument, "the settings file is not a JSON object") }
        guard let hooksValue = root["hooks"] else { return (settings, 0) }
        guard case .object(var hooks) = hooksValue else { throw SessionError(.invalidArgument, "\"hooks\" in the settings file is not an object") }
        var removed = 0
        for (event, value) in hooks {
            guard case .array(let groups) = value else { continue }
            var kept: [JSONValue] = []
            for group in groups {
                guard case .object(var g) = group, case .array(let commands)? = g["hooks"] else {
                    kept.append(group)
                    continue
                }
                let others = commands.filter { command in
                    guard let text = command["command"]?.stringValue, Self.isSessiond(text, kind: kind) else { return true }
                    removed += 1
                    return false
                }
                if others.count == commands.count {
                    kept.append(group)
                } else if !others.isEmpty {
                    g["hooks"] = .array(others)
                    kept.append(.object(g))
                }
            }
            hooks[event] = kept.isEmpty ? nil : .array(kept)
        }
        root["hooks"] = hooks.isEmpty ? nil : .object(hooks)
        return (.object(root), removed)
    }
}
