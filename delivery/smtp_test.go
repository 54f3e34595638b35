package delivery

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSMTP speaks just enough SMTP for one client at a time: EHLO (offering STARTTLS when it has a
// certificate), STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, QUIT.
type fakeSMTP struct {
	addr     string
	tls      *tls.Config
	rcptCode int
	mu       sync.Mutex
	auth     string // the decoded AUTH PLAIN response
	authTLS  bool   // AUTH came over TLS
	from, to string
	data     string
}

func newFakeSMTP(t *testing.T, cert *tls.Config) *fakeSMTP {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	f := &fakeSMTP{addr: l.Addr().String(), tls: cert, rcptCode: 250}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go f.serve(conn)
		}
	}()
	return f
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer func() { conn.Close() }()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(conn)
	secure := false
	tp.PrintfLine("220 fake ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		f.mu.Lock()
		switch strings.ToUpper(verb) {
		case "EHLO":
			tp.PrintfLine("250-fake")
			if f.tls != nil && !secure {
				tp.PrintfLine("250-STARTTLS")
			}
			tp.PrintfLine("250 AUTH PLAIN")
		case "STARTTLS":
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(conn, f.tls)
			if err := tc.Handshake(); err != nil {
				f.mu.Unlock()
				return
			}
			conn, tp, secure = tc, textproto.NewConn(tc), true
		case "AUTH":
			_, b64, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(b64)
			f.auth, f.authTLS = string(raw), secure
			tp.PrintfLine("235 ok")
		case "MAIL":
			f.from = arg
			tp.PrintfLine("250 ok")
		case "RCPT":
			f.to = arg
			if f.rcptCode == 250 {
				tp.PrintfLine("250 ok")
			} else {
				tp.PrintfLine("%d no such mailbox", f.rcptCode)
			}
		case "DATA":
			tp.PrintfLine("354 go on")
			b, _ := tp.ReadDotBytes()
			f.data = string(b)
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			f.mu.Unlock()
			return
		default:
			tp.PrintfLine("250 ok")
		}
		f.mu.Unlock()
	}
}

// selfSigned is a server certificate for 127.0.0.1 and a client configuration trusting it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fake smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, &tls.Config{RootCAs: pool}
}

func readBody(t *testing.T, data string) (map[string]string, string) {
	t.Helper()
	r := textproto.NewReader(bufio.NewReader(strings.NewReader(data)))
	h, err := r.ReadMIMEHeader()
	if err != nil {
		t.Fatal(err)
	}
	rest, _ := r.ReadDotBytes() // the remainder, without a dot line: EOF ends it
	body, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(rest)))
	if err != nil {
		t.Fatalf("body: %v", err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	return map[string]string{"From": h.Get("From"), "To": h.Get("To"), "Subject": subject, "Content-Type": h.Get("Content-Type")}, string(body)
}

// Over STARTTLS, which the server offers: authenticated after the upgrade, the envelope and a UTF-8
// body that reads back as sent.
func TestSMTPStartTLS(t *testing.T) {
	t.Parallel()
	server, client := selfSigned(t)
	f := newFakeSMTP(t, server)
	s := &SMTP{Addr: f.addr, Username: "mailer", Password: "s3cret", From: mail.Address{Name: "PartnerHub", Address: "noreply@partnerhub.example.com"}, TLS: client}
	text := "张三 邀请您加入\n\nLine two. A line with a dot:\n.\nend"
	if err := s.Send(bg, Message{To: "li.na@example.com", Subject: "邀请您加入 云途 / Invitation to join 云途", Text: text}); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.auth != "\x00mailer\x00s3cret" || !f.authTLS {
		t.Errorf("auth %q over TLS %v", f.auth, f.authTLS)
	}
	if f.from != "FROM:<noreply@partnerhub.example.com>" || f.to != "TO:<li.na@example.com>" {
		t.Errorf("envelope %q %q", f.from, f.to)
	}
	h, body := readBody(t, f.data)
	if body != strings.ReplaceAll(text, "\n", "\r\n") {
		t.Errorf("body %q", body)
	}
	if h["Subject"] != "邀请您加入 云途 / Invitation to join 云途" || h["To"] != "<li.na@example.com>" ||
		!strings.Contains(h["From"], "noreply@partnerhub.example.com") || !strings.Contains(h["Content-Type"], "UTF-8") {
		t.Errorf("headers %v", h)
	}
}

// A server that does not offer STARTTLS gets no password, except on this machine (net/smtp's
// rule); a refused recipient is an error that does not carry the password.
func TestSMTPPlainAndRefusal(t *testing.T) {
	t.Parallel()
	f := newFakeSMTP(t, nil)
	s := &SMTP{Addr: f.addr, Username: "mailer", Password: "s3cret", From: mail.Address{Address: "noreply@partnerhub.example.com"}}
	if err := s.Send(bg, Message{To: "li.na@example.com", Subject: "x", Text: "y"}); err != nil {
		t.Fatalf("to localhost without TLS: %v", err)
	}
	f.mu.Lock()
	f.rcptCode = 550
	f.mu.Unlock()
	err := s.Send(bg, Message{To: "nobody@example.com", Subject: "x", Text: "y"})
	if err == nil || !strings.Contains(err.Error(), "550") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("refused recipient: %v", err)
	}
	if err := s.Send(bg, Message{To: "a@example.com\r\nBcc: b@example.com", Text: "y"}); err == nil {
		t.Error("a recipient with a line break was accepted")
	}
	down := &SMTP{Addr: "127.0.0.1:1", Username: "mailer", Password: "s3cret"}
	if err := down.Send(bg, Message{To: "a@example.com", Text: "y"}); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("server down: %v", err)
	}
}
