/// The `consent` section of a policy file:
/// `{"required": false, "default": ["context", "content", "telemetry"], "minimal": false}`.
///
/// A user's categories are their ``ConsentRecord``'s, else ``defaults`` (none when
/// ``required``). Without `content`, event data and state deltas are dropped at write time;
/// without `context`, the captured context is. ``minimal`` keeps only what the lifecycle needs
/// (ids, timestamps, types, status, counters) whatever was agreed to: no content, no labels or
/// metadata, and of the context only the host, user and paths, pseudonymised.
public struct ConsentPolicy: Sendable, Hashable {
    /// Key `required`, default `false`: without a record, a user has agreed to nothing.
    public var required = false
    /// Key `default`, default every category: a user without a record, when not `required`.
    public var defaults: Set<ConsentCategory> = Set(ConsentCategory.allCases)
    /// Key `minimal`, default `false`.
    public var minimal = false

    public init(required: Bool = false, defaults: Set<ConsentCategory> = Set(ConsentCategory.allCases), minimal: Bool = false) {
        self.required = required
        self.defaults = defaults
        self.minimal = minimal
    }

    /// The categories in force for a user with `record`.
    public func categories(_ record: ConsentRecord?) -> Set<ConsentCategory> {
        if minimal { return [] }
        if let record { return Set(record.categories) }
        return required ? [] : defaults
    }

    /// Reads the section; errors name the field.
    public init(json: JSONValue) throws(SessionError) {
        let o = try JSONFields(json, what: "consent")
        try o.allow(["required", "default", "minimal"])
        self.init()
        if let required = try o.bool("required") { self.required = required }
        if let minimal = try o.bool("minimal") { self.minimal = minimal }
        if o["default"] != nil {
            defaults = Set(try o.array("default") { value throws(SessionError) in try Self.category(value, "consent.default") })
        }
    }

    /// A category named by `value`; `invalid_argument` naming `field` otherwise.
    public static func category(_ value: JSONValue, _ field: String) throws(SessionError) -> ConsentCategory {
        guard let text = value.stringValue, let category = ConsentCategory(rawValue: text) else {
            throw SessionError(.invalidArgument, "\(field): categories are context, content and telemetry")
        }
        return category
    }
}
