import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension UpstreamError {
    /// Names what went wrong in the terms an admin can act on. NIO reports a failed name lookup
    /// and a refused port through the same `NIOConnectionError`: DNS errors with no connection
    /// attempt mean the name did not resolve.
    public init(classifying error: any Error, target: UpstreamURL) {
        switch error {
        case let error as UpstreamError:
            self = error
        case let error as HTTPClientError:
            self = Self.classify(error, target: target)
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty && (error.dnsAError != nil || error.dnsAAAAError != nil) {
                self = .dns(host: target.origin.host)
            } else if !error.connectionErrors.isEmpty,
                error.connectionErrors.allSatisfy({ Self.errno(of: $0.error) == ECONNREFUSED })
            {
                self = .refused(host: target.authority)
            } else if error.connectionErrors.contains(where: { Self.errno(of: $0.error) == ETIMEDOUT }) {
                self = .timeout
            } else {
                self = .connection(String(describing: error))
            }
        case SocketAddressError.unknown:
            self = .dns(host: target.origin.host)
        case ChannelError.connectTimeout:
            self = .timeout
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: self = .refused(host: target.authority)
            case ETIMEDOUT: self = .timeout
            default: self = .connection(String(describing: error))
            }
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            self = .tls(Self.tlsReason(error))
        case is CancellationError:
            self = .cancelled
        default:
            self = .connection(String(describing: error))
        }
    }

    private static func classify(_ error: HTTPClientError, target: UpstreamURL) -> UpstreamError {
        switch error {
        case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .tlsHandshakeTimeout,
            .getConnectionFromPoolTimeout:
            return .timeout
        case .invalidURL, .emptyHost, .emptyScheme:
            return .invalidURL(target.display)
        case .cancelled:
            return .cancelled
        case .remoteConnectionClosed:
            return .connection("the server closed the connection before answering in full")
        default:
            return .connection(error.description)
        }
    }

    private static func errno(of error: any Error) -> CInt? {
        (error as? IOError)?.errnoCode
    }
}
