/// The stages of a connection test, in order; a result names the last one passed or the one
/// that failed.
enum ConnectionStage: String, Sendable {
    case reachability
    case authentication
    case modelListing = "model_listing"
    case completion
}

/// The `error_code` values of a connection test result.
enum ConnectionErrorCode: String, Sendable {
    case dns
    case refused
    case timeout
    case tls
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case rateLimited = "rate_limited"
    case serverError = "server_error"
    case badResponse = "bad_response"
    case secretUnreadable = "secret_unreadable"
}
