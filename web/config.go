package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"time"

	"partnerhub/delivery"
	"partnerhub/models"
)

// config is the server's configuration: flags, each with an environment fallback.
type config struct {
	Addr          string
	DB            string
	Data          string
	Demo          bool
	SecureCookies bool
	BaseURL       string
	APIRate       float64
	ArrearsGrace  time.Duration // how long arrears wait before the on-demand resources are frozen
	SMTPURL       string        // as given; holds the password, so never printed
	MailFrom      string
	SMSWebhook    string            // as given; may hold the gateway's key, so never printed
	SMTP          *delivery.SMTP    // parsed from SMTPURL and MailFrom; nil: email is not sent
	SMS           *delivery.Webhook // nil: SMS is not sent
}

func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

// envString returns the environment's value for key, or def.
func envString(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envBool(getenv func(string) string, key string) bool {
	b, _ := strconv.ParseBool(getenv(key))
	return b
}

func envDuration(getenv func(string) string, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(key)); err == nil {
		return d
	}
	return def
}

func envFloat(getenv func(string) string, key string, def float64) float64 {
	if f, err := strconv.ParseFloat(getenv(key), 64); err == nil {
		return f
	}
	return def
}

// commonFlags binds --db and --data, shared by every subcommand.
func commonFlags(fs *flag.FlagSet, c *config, getenv func(string) string) {
	fs.StringVar(&c.DB, "db", envString(getenv, "PARTNERHUB_DB", "./data/partnerhub.db"), "database: a SQLite file path or a postgres:// URL (env PARTNERHUB_DB)")
	fs.StringVar(&c.Data, "data", envString(getenv, "PARTNERHUB_DATA", "./data"), "folder of the generated session and encryption keys (env PARTNERHUB_DATA)")
}

func parseServe(args []string, getenv func(string) string, out io.Writer) (*config, error) {
	c := &config{}
	fs := newFlagSet("serve", out)
	commonFlags(fs, c, getenv)
	fs.StringVar(&c.Addr, "addr", envString(getenv, "PARTNERHUB_ADDR", "127.0.0.1:8080"), "listen address (env PARTNERHUB_ADDR)")
	fs.BoolVar(&c.Demo, "demo", envBool(getenv, "PARTNERHUB_DEMO"), "seed the demo world into an empty database (env PARTNERHUB_DEMO)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool(getenv, "PARTNERHUB_SECURE_COOKIES"), "mark cookies Secure (behind HTTPS) (env PARTNERHUB_SECURE_COOKIES)")
	fs.Float64Var(&c.APIRate, "api-rate", envFloat(getenv, "PARTNERHUB_API_RATE", 10), "partner API requests per second per access key and operation, like the cloud's flow control (env PARTNERHUB_API_RATE)")
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "mail submission server for invitations, smtp://user:password@host:port (env PARTNERHUB_SMTP_URL; default: email is not sent)")
	fs.StringVar(&c.MailFrom, "mail-from", envString(getenv, "PARTNERHUB_MAIL_FROM", ""), "sender address of invitation emails, needed with --smtp-url (env PARTNERHUB_MAIL_FROM)")
	fs.StringVar(&c.SMSWebhook, "sms-webhook", "", "SMS gateway URL that takes a POST of {\"to\",\"text\"} (env PARTNERHUB_SMS_WEBHOOK; default: SMS is not sent)")
	fs.DurationVar(&c.ArrearsGrace, "arrears-grace", envDuration(getenv, "PARTNERHUB_ARREARS_GRACE", models.DefaultArrearsGrace),
		"how long a customer may stay in arrears before its on-demand resources are frozen (env PARTNERHUB_ARREARS_GRACE)")
	fs.StringVar(&c.BaseURL, "base-url", envString(getenv, "PARTNERHUB_BASE_URL", ""), "public URL of the console, for links sent to customers (env PARTNERHUB_BASE_URL; default http://ADDR)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if c.ArrearsGrace <= 0 {
		return nil, fmt.Errorf("serve: --arrears-grace must be positive")
	}
	if c.APIRate <= 0 {
		return nil, fmt.Errorf("serve: --api-rate must be positive")
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("serve: --base-url %q is not an http(s) URL", c.BaseURL)
	}
	// the environment's secrets are read after parsing, so that -h never prints them as a default
	if c.SMTPURL == "" {
		c.SMTPURL = getenv("PARTNERHUB_SMTP_URL")
	}
	if c.SMSWebhook == "" {
		c.SMSWebhook = getenv("PARTNERHUB_SMS_WEBHOOK")
	}
	if err := c.parseDelivery(); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	return c, nil
}

// parseDelivery checks the invitation senders' settings and builds them. Its errors never repeat a
// URL: it may hold a password or a key.
func (c *config) parseDelivery() error {
	if c.SMTPURL == "" && c.MailFrom != "" {
		return errors.New("serve: --mail-from needs --smtp-url")
	}
	if c.SMTPURL != "" {
		s, err := parseSMTPURL(c.SMTPURL)
		if err != nil {
			return fmt.Errorf("serve: --smtp-url: %w", err)
		}
		from, err := mail.ParseAddress(c.MailFrom)
		if err != nil {
			return fmt.Errorf("serve: --mail-from %q is not an email address (needed with --smtp-url)", c.MailFrom)
		}
		s.From = *from
		c.SMTP = s
	}
	if c.SMSWebhook != "" {
		u, err := url.Parse(c.SMSWebhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("serve: --sms-webhook is not an http(s) URL")
		}
		c.SMS = &delivery.Webhook{URL: c.SMSWebhook}
	}
	return nil
}

// parseSMTPURL reads smtp://[user:password@]host[:port]; the port defaults to 587 (submission).
func parseSMTPURL(raw string) (*delivery.SMTP, error) {
	bad := errors.New("not of the form smtp://user:password@host:port")
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" || u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, bad
	}
	port := u.Port()
	if port == "" {
		port = "587"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, bad
	}
	s := &delivery.SMTP{Addr: net.JoinHostPort(u.Hostname(), port)}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
		if s.Username == "" || s.Password == "" {
			return nil, errors.New("a user needs a password (smtp://user:password@host:port)")
		}
	}
	return s, nil
}
