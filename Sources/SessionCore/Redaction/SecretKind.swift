/// A kind of secret or personal data the built-in scanner finds: the `rule` name a redaction
/// records and the policy file names (`"modes": {"email": "hash"}`).
public enum SecretKind: String, Sendable, Hashable, CaseIterable {
    case awsAccessKeyID = "aws_access_key_id"
    case awsSecretKey = "aws_secret_key"
    case githubToken = "github_token"
    case gitlabToken = "gitlab_token"
    case slackToken = "slack_token"
    case slackWebhook = "slack_webhook"
    case openAIKey = "openai_key"
    case anthropicKey = "anthropic_key"
    case googleAPIKey = "google_api_key"
    case stripeKey = "stripe_key"
    case npmToken = "npm_token"
    case pypiToken = "pypi_token"
    case sessiondToken = "sessiond_token"
    case jwt = "jwt"
    case privateKey = "private_key"
    case bearerToken = "bearer_token"
    case basicAuth = "basic_auth"
    case urlCredentials = "url_credentials"
    case secretAssignment = "secret_assignment"
    case email = "email"
    case phone = "phone"
    case paymentCard = "payment_card"
    case iban = "iban"
    case ipv4 = "ipv4"
    case ipv6 = "ipv6"
    case usSSN = "us_ssn"

    /// Personal data rather than a credential.
    public var isPersonalData: Bool {
        switch self {
        case .email, .phone, .paymentCard, .iban, .ipv4, .ipv6, .usSSN: true
        default: false
        }
    }
}

/// A set of ``SecretKind``s, as bits: the scanner tests membership on its hot path.
public struct SecretKindSet: Sendable, Hashable {
    var bits: UInt64

    public init(_ kinds: some Sequence<SecretKind>) {
        bits = 0
        for kind in kinds { insert(kind) }
    }

    public static let all = SecretKindSet(SecretKind.allCases)

    public func contains(_ kind: SecretKind) -> Bool { bits & Self.bit(kind) != 0 }
    public mutating func insert(_ kind: SecretKind) { bits |= Self.bit(kind) }
    public mutating func remove(_ kind: SecretKind) { bits &= ~Self.bit(kind) }
    public var isEmpty: Bool { bits == 0 }

    private static func bit(_ kind: SecretKind) -> UInt64 {
        1 << UInt64(SecretKind.allCases.firstIndex(of: kind)!)
    }
}
