/// JSON Merge Patch (RFC 7396): applying a patch and computing the patch that undoes it.
public enum JSONMergePatch {
    /// Applies `patch` to `target` as RFC 7396 section 2 defines.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in patchObject {
            if value == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// The patch that turns `apply(patch, to: target)` back into `target`.
    ///
    /// Exact for object targets whose values contain no `null`s: a merge patch cannot
    /// express "set to null", so a key whose old value was `null` is removed on undo.
    public static func inverse(of patch: JSONValue, on target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch, case .object(let targetObject) = target else {
            return target
        }
        var inverse: [String: JSONValue] = [:]
        for (key, value) in patchObject {
            let old = targetObject[key]
            switch (old, value) {
            case (nil, .null):
                continue  // removing an absent key changes nothing
            case (nil, _):
                inverse[key] = .null
            case (let old?, .null):
                inverse[key] = old
            case (let old?, .object):
                if old.isObject {
                    let nested = self.inverse(of: value, on: old)
                    if nested != .emptyObject { inverse[key] = nested }
                } else {
                    inverse[key] = old
                }
            case (let old?, _):
                if old != value { inverse[key] = old }
            }
        }
        return .object(inverse)
    }
}
