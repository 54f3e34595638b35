package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
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

func envFloat(getenv func(string) string, key string, def float64) float64 {
	if f, err := strconv.ParseFloat(getenv(key), 64); err == nil {
		return f
	}
	return def
}

// commonFlags binds --db and --data, shared by every subcommand.
func commonFlags(fs *flag.FlagSet, c *config, getenv func(string) string) {
	fs.StringVar(&c.DB, "db", envString(getenv, "PARTNERHUB_DB", "./data/partnerhub.db"), "database: a SQLite file path (env PARTNERHUB_DB)")
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
	fs.StringVar(&c.BaseURL, "base-url", envString(getenv, "PARTNERHUB_BASE_URL", ""), "public URL of the console, for links sent to customers (env PARTNERHUB_BASE_URL; default http://ADDR)")
	if err := fs.Parse(args); err != nil {
		return nil, err
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
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	return c, nil
}
