import Foundation
import NIOSSL

extension UpstreamError {
    static let untrustedCertificate = "the server's certificate is not trusted"
    static let wrongHostName = "the server's certificate is not valid for this host name"

    /// A failed TLS handshake in an admin's words, and whether the server's certificate itself
    /// was refused (no retry changes that); nil when `error` is no TLS failure.
    public static func tlsFailure(_ error: any Error) -> (reason: String, certificateRefused: Bool)? {
        guard error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError else { return nil }
        let reason = tlsReason(error)
        return (reason, reason == untrustedCertificate || reason == wrongHostName)
    }

    /// A short reason an admin can act on. BoringSSL's own text names a source file of the
    /// build, so only its reason code is kept.
    static func tlsReason(_ error: any Error) -> String {
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return wrongHostName
        }
        if let error = error as? NIOSSLError, case .uncleanShutdown = error {
            return "the server closed the connection during the TLS handshake"
        }
        let text = String(describing: error)
        guard let range = text.range(of: #"OPENSSL_internal:[A-Z0-9_]+"#, options: .regularExpression) else {
            return "TLS handshake failed"
        }
        let reason = text[range].dropFirst("OPENSSL_internal:".count)
        switch reason {
        case "WRONG_VERSION_NUMBER", "HTTP_REQUEST", "PACKET_LENGTH_TOO_LONG":
            return "the server does not speak TLS on this port"
        case "CERTIFICATE_VERIFY_FAILED":
            return untrustedCertificate
        default:
            return "TLS handshake failed: " + reason.lowercased().replacingOccurrences(of: "_", with: " ")
        }
    }
}
