import Foundation
import NIOSSL

/// Certificate authorities an admin trusts besides the system's, for every upstream call: a
/// corporate proxy that re-signs TLS, an internal Ollama with its own authority. Read once,
/// from a PEM file that must hold at least one certificate.
public struct CABundle: Sendable, Hashable {
    public let path: String
    let certificates: [NIOSSLCertificate]

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(path: String)
        case notPEM(path: String)
        case noCertificate(path: String)

        public var description: String {
            switch self {
            case .unreadable(let path): "\(path) cannot be read"
            case .notPEM(let path): "\(path) is not a PEM file of certificates"
            case .noCertificate(let path): "\(path) holds no certificate"
            }
        }
    }

    public static func load(path: String) throws(LoadError) -> CABundle {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw .notPEM(path: path)
        }
        guard !certificates.isEmpty else { throw .noCertificate(path: path) }
        return CABundle(path: path, certificates: certificates)
    }

    /// The system's roots, and these as well.
    var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(certificates)]
        return tls
    }
}
