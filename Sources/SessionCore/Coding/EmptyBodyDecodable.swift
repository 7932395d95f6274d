/// A request body whose every field is optional: an empty body reads as `{}`.
public protocol EmptyBodyDecodable: Decodable {}
