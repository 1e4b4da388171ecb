import Foundation
import NIOSSL

/// A test certificate authority and the certificate it signed for the fakes (127.0.0.1 and
/// localhost, valid 2000–2100), made for these fakes only. Tests trust the authority
/// explicitly, through a client configuration or a bundle file as an admin gives
/// `HANGAR_CA_BUNDLE`; nothing else does, so without it the fakes' TLS fails as a stranger's would.
public enum FakeTLSIdentity {
    /// The authority's certificate: what a CA bundle holds.
    public static let authorityPEM = """
        -----BEGIN CERTIFICATE-----
        MIIBZDCCAQugAwIBAgIBATAKBggqhkjOPQQDAjAZMRcwFQYDVQQDDA5IYW5nYXIg
        dGVzdCBDQTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFowGTEXMBUG
        A1UEAwwOSGFuZ2FyIHRlc3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASf
        tryeoH0pkDT12TyfC2/e+CSeLTCs+06uY3rJll5wJteh+/xlxB/hUftLM+ccFLkw
        Wld3JOVvr6L/tds9BzL+o0IwQDAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQE
        AwIBBjAdBgNVHQ4EFgQU8tv9zgRnh/nP7A9yrxHyuzjUVB0wCgYIKoZIzj0EAwID
        RwAwRAIgXgf0nNTzyqm7KvYUIPr+SYpteLoJ/oA31P/DRy6B8pwCIBI+ItadI5hF
        JqMF/PN+6k0lcr8YCVB96+Lpr5evafP+
        -----END CERTIFICATE-----
        """

    /// The fakes' own certificate, signed by the authority.
    public static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBuDCCAV6gAwIBAgIBAjAKBggqhkjOPQQDAjAZMRcwFQYDVQQDDA5IYW5nYXIg
        dGVzdCBDQTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFowGzEZMBcG
        A1UEAwwQSGFuZ2FyIHRlc3QgZmFrZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
        BKz6J37zq7czZv3y1u9Hgbwmr1FXkIsJ5H6jAnrpfwdmFaya49x7tk1JIwPTOIcP
        fhKyWiplGgeQwgcXy7I4Uj2jgZIwgY8wDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8E
        BAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwEwGgYDVR0RBBMwEYcEfwAAAYIJbG9j
        YWxob3N0MB0GA1UdDgQWBBTnarex89Z68ATGjRgsS1artuUbwDAfBgNVHSMEGDAW
        gBTy2/3OBGeH+c/sD3KvEfK7ONRUHTAKBggqhkjOPQQDAgNIADBFAiAdgl/3MgmE
        n3czruQMwcBWenl8v0AjAJqpbhmLt7OkxAIhAI9WQ6fjhZX3okG+4b8vZZmRwFWG
        H9kKMY/mktRaiF40
        -----END CERTIFICATE-----
        """

    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkv9Gc9VWzDTAfb0L
        MCZuBqe/2bnu+4hhbWFLIA3hM3+hRANCAASs+id+86u3M2b98tbvR4G8Jq9RV5CL
        CeR+owJ66X8HZhWsmuPce7ZNSSMD0ziHD34SsloqZRoHkMIHF8uyOFI9
        -----END PRIVATE KEY-----
        """

    /// A client configuration that trusts the fakes' authority and nothing else.
    public static func clientConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(authorityPEM.utf8)))
        return tls
    }

    /// Writes the authority's certificate to `<directory>/fake-ca.pem`, a CA bundle, and returns its path.
    public static func writeBundle(in directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent("fake-ca.pem")
        try Data((authorityPEM + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }
}
