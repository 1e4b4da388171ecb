import NIOSSL

/// A self-signed certificate for 127.0.0.1 and localhost (valid 2000–2100), made for these
/// fakes only. Tests trust it explicitly; nothing else does.
public enum FakeTLSIdentity {
    public static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBdDCCARugAwIBAgIBATAKBggqhkjOPQQDAjAbMRkwFwYDVQQDDBBIYW5nYXIg
        dGVzdCBmYWtlMCAXDTAwMDEwMTAwMDAwMFoYDzIxMDAwMTAxMDAwMDAwWjAbMRkw
        FwYDVQQDDBBIYW5nYXIgdGVzdCBmYWtlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
        QgAEvnzGSnJSIE/ftXbm++aFyNtwxADMXpYCeAIZmN3afyzgUJocHgF5sRX1HJTS
        wNLVzZ0J1k7d8Qn5VcwFYShExqNOMEwwGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxo
        b3N0MA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0OBBYEFNGzIJQGaCBhqXX8Ac/1X4cd
        /3WKMAoGCCqGSM49BAMCA0cAMEQCIHpUQM8wEV/K8Ith+Y5OQPay+bleqMjGxpa4
        7dbyqaeNAiAIaJVKV48rqDiJGYJ47WRJU2OoCvpk7QZwxWrFZjuUVw==
        -----END CERTIFICATE-----
        """

    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaCe6jmCZb/X9BSsS
        u/8a2WjN1lk8eDMaUWqrreHjHumhRANCAAS+fMZKclIgT9+1dub75oXI23DEAMxe
        lgJ4AhmY3dp/LOBQmhweAXmxFfUclNLA0tXNnQnWTt3xCflVzAVhKETG
        -----END PRIVATE KEY-----
        """

    /// A client configuration that trusts the fakes' certificate and nothing else.
    public static func clientConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)))
        return tls
    }

    static func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }
}
