import SessionCore

extension DemoScenario {
    /// One event of a turn and the pause before it, when events are appended one by one:
    /// a tool's run time, or `nil` for a moment of thought.
    struct Beat {
        var pause: Int64?
        var event: NewEvent
    }

    /// One turn of a conversation: the prompt, tool calls and their results, edits, the model's
    /// usage and its answer (or, when `failing`, an `error` instead); the last event carries
    /// the state delta.
    mutating func turnEvents(_ actor: inout Actor, prompt: String?, failing: Bool) -> [Beat] {
        actor.step += 1
        var beats: [Beat] = []
        if let prompt {
            beats.append(Beat(pause: 0, event: NewEvent(type: "user.prompt", data: ["text": .string(prompt), "chars": .int(Int64(prompt.utf8.count))])))
        }
        let calls = max(rng.int(actor.cast.app.toolCalls), failing ? 1 : 0)
        for index in 0..<calls {
            let tool = pickTool(actor.cast.app)
            let duration = rng.milliseconds(tool.duration)
            let path = rng.pick(actor.cast.project.files)
            let call: JSONValue = ["tool": .string(tool.name), "duration_ms": .int(duration), "args": arguments(tool.name, path: path, actor)]
            beats.append(Beat(pause: nil, event: NewEvent(type: "tool.call", data: call)))
            let wait = min(duration, 2_500)
            if failing, index == calls - 1 {
                let error = rng.pick(DemoCatalog.errors)
                actor.failure = error.code
                let data: JSONValue = ["message": .string(error.message), "code": .string(error.code), "tool": .string(tool.name)]
                beats.append(Beat(pause: wait, event: NewEvent(type: "error", data: data)))
                break
            }
            let result: JSONValue = ["tool": .string(tool.name), "ok": true, "bytes": .int(rng.milliseconds(120...48_000))]
            beats.append(Beat(pause: wait, event: NewEvent(type: "tool.result", data: result)))
            if tool.name == "edit_file" {
                if !actor.files.contains(path) { actor.files.append(path) }
                let edit: JSONValue = ["path": .string(path), "lines_added": .int(rng.milliseconds(1...80)), "lines_removed": .int(rng.milliseconds(0...40))]
                beats.append(Beat(pause: 40, event: NewEvent(type: "file.edit", data: edit)))
            }
        }
        let model = actor.cast.model
        let input = rng.milliseconds(1_500...9_000) + Int64(actor.step) * rng.milliseconds(800...3_000)
        let output = rng.milliseconds(120...2_400)
        let cost = ((Double(input) * model.inputPrice + Double(output) * model.outputPrice) / 1_000_000 * 1_000_000).rounded() / 1_000_000
        let usage: JSONValue = [
            "model": .string(model.name), "usage": ["input_tokens": .int(input), "output_tokens": .int(output)], "cost_usd": .double(cost),
        ]
        beats.append(Beat(pause: nil, event: NewEvent(type: "model.usage", data: usage)))
        if !failing {
            let text = rng.pick(DemoCatalog.responses)
            beats.append(Beat(pause: 60, event: NewEvent(type: "assistant.response", data: ["text": .string(text), "chars": .int(output * 4)])))
        }

        var delta: [String: JSONValue] = ["step": .int(Int64(actor.step)), "status": .string(failing ? "error" : "working")]
        if actor.step == 1 {
            delta["plan"] = ["goal": .string(actor.role?.task ?? actor.cast.prompt), "total": .int(Int64(actor.turns)), "done": 1]
        } else {
            delta["plan"] = ["done": .int(Int64(actor.step))]
        }
        if !actor.files.isEmpty { delta["files_touched"] = .array(actor.files.map(JSONValue.string)) }
        beats[beats.count - 1].event.stateDelta = .object(delta)
        return beats
    }

    /// Plays a turn from `start`: one batch, or one append per event with pauses between them.
    /// Returns the time of its last append.
    mutating func play(turn beats: [Beat], at start: Timestamp, pacing: DemoPacing, emit: (Timestamp, DemoStep.Operation) -> Void) -> Timestamp {
        guard let gap = pacing.eventGap else {
            emit(start, .append(beats.map(\.event)))
            return start
        }
        var t = start
        for (index, beat) in beats.enumerated() {
            if index > 0 { t = t.adding(.milliseconds(max(1, beat.pause ?? rng.milliseconds(gap)))) }
            emit(t, .append([beat.event]))
        }
        return t
    }

    private mutating func pickTool(_ app: DemoCatalog.Application) -> (name: String, duration: ClosedRange<Int64>) {
        let weights: [String: Double] = [
            "read_file": 3, "grep": 2, "list_dir": 1, "edit_file": app.name == "aider" ? 6 : 3, "bash": app.name == "cli-assistant" ? 4 : 2,
            "run_tests": 1, "web_search": app.name == "cli-assistant" ? 2 : 0.4,
        ]
        return rng.weighted(DemoCatalog.tools.map { ($0, weights[$0.name] ?? 1) })
    }

    private mutating func arguments(_ tool: String, path: String, _ actor: Actor) -> JSONValue {
        let directory = path.split(separator: "/").dropLast().joined(separator: "/")
        switch tool {
        case "grep": return ["pattern": .string(rng.pick(["TODO", "func handle", "session", "retry", "deprecated", "timeout"])), "path": .string(directory)]
        case "list_dir": return ["path": .string(directory.isEmpty ? "." : directory)]
        case "bash": return ["command": .string(rng.pick(["git status", "git diff --stat", "make build", "npm run lint", "ls -la", "git log -5 --oneline"]))]
        case "run_tests":
            let tests = actor.cast.project.files.filter { $0.contains("test") || $0.contains("Test") }
            return ["target": .string(tests.isEmpty ? "all" : rng.pick(tests))]
        case "web_search": return ["query": .string(actor.cast.prompt)]
        default: return ["path": .string(path)]
        }
    }
}
