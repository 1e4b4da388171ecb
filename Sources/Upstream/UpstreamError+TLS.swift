import Foundation
import NIOSSL

extension UpstreamError {
    /// A short reason an admin can act on. BoringSSL's own text names a source file of the
    /// build, so only its reason code is kept.
    static func tlsReason(_ error: any Error) -> String {
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return "the server's certificate is not valid for this host name"
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
            return "the server's certificate is not trusted"
        default:
            return "TLS handshake failed: " + reason.lowercased().replacingOccurrences(of: "_", with: " ")
        }
    }
}
