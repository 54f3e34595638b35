// Command partnerhub is the PartnerHub partner console: `serve` (the default) runs the web server,
// `seed` builds a large deterministic world for benchmarks, `check` verifies the database's
// invariants, `migrate` tells or moves the schema's version, `create-operator` makes the first
// operator of an install and `copy` moves a SQLite database to PostgreSQL.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"partnerhub/models"
	"partnerhub/seed"
	"partnerhub/store"

	"gorm.io/gorm"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "partnerhub:", err)
		}
		os.Exit(1)
	}
}

const usage = `usage: partnerhub <command> [flags]

commands:
  serve            run the console (default); --demo seeds the demo world into an empty database
  seed             build a large deterministic world: --customers N --enterprises N --coupons N
                   (--usage N: and N hours of on-demand usage, rated; alone, on an existing database)
  usage import     import on-demand usage from a CSV file and rate it
  check            verify the database's invariants; exits non-zero on any violation
  migrate status   the database's schema version, the latest one and the pending migrations
  migrate up       apply the pending migrations (serve does so at start)
  create-operator  create an operator account: --username NAME (password read from stdin)
  copy             copy a SQLite database into an empty PostgreSQL one: --from PATH --to postgres://…

Run "partnerhub <command> -h" for a command's flags.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, out io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, out)
	case "seed":
		return seedLarge(ctx, args, getenv, out)
	case "usage":
		return usageCommand(ctx, args, getenv, out)
	case "check":
		return check(ctx, args, getenv, out)
	case "migrate":
		return migrate(ctx, args, getenv, out)
	case "create-operator":
		return createOperator(ctx, args, getenv, stdin, out)
	case "copy":
		return copyDB(ctx, args, out)
	case "help":
		fmt.Fprint(out, usage)
		return nil
	}
	fmt.Fprint(out, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// openDB opens the database and applies the pending migrations; a database of a newer schema
// version than this program's is refused (models.ErrSchemaNewer).
func openDB(ctx context.Context, path string) (*gorm.DB, error) {
	db, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	if err := models.Migrate(ctx, db); err != nil {
		store.Close(db)
		return nil, err
	}
	return db, nil
}

func seedLarge(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	c := &config{}
	fs := newFlagSet("seed", out)
	commonFlags(fs, c, getenv)
	customers := fs.Int("customers", 1000000, "customers to add to the demo world")
	enterprises := fs.Int("enterprises", 1000000, "enterprises to add to the directory")
	coupons := fs.Int("coupons", 0, "coupons the demo provider has issued")
	transfers := fs.Int("transfers", 0, "ledger transfers over the last two years, with their entries")
	prices := fs.Int("prices", 100000, "price-list rows in 100 versions")
	orders := fs.Int("orders", 0, "orders on behalf over the last two years, with their resources")
	usage := fs.Int("usage", 0, "usage records of the on-demand resources (the last hours, rated); alone, added to an existing database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *usage < 0 || *usage > 100000000 {
		return errors.New("seed: --usage must be 0…100000000")
	}
	if onlyUsage(fs) {
		return seedUsage(ctx, c, *usage, out)
	}
	if *customers < 0 || *enterprises < 0 || *customers > 20000000 || *enterprises > 2000000 || *coupons < 0 || *coupons > 50000000 ||
		*transfers < 0 || *transfers > 100000000 || *prices < 0 || *prices > 10000000 ||
		*orders < 0 || *orders > 100000000 {
		return errors.New("seed: --customers must be 0…20000000, --enterprises 0…2000000, --coupons 0…50000000, --transfers 0…100000000, --prices 0…10000000 and --orders 0…100000000")
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close(db)
	if used, err := models.HasUsers(ctx, db); err != nil || used {
		return fmt.Errorf("seed: %s is not empty; seed a new database file", store.Redacted(c.DB))
	}
	start := time.Now()
	world := seed.LargeWorld{Customers: *customers, Enterprises: *enterprises, Coupons: *coupons, Transfers: *transfers, PriceRows: *prices, Orders: *orders}
	err = seed.Large(ctx, db, world, time.Now().UTC(), func(step string) {
		fmt.Fprintf(out, "seeded %s in %s\n", step, time.Since(start).Round(time.Millisecond))
	})
	if err != nil {
		return err
	}
	if *usage > 0 {
		added, res, err := seed.Usage(ctx, db, *usage, time.Now().UTC())
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "seeded %d usage records (%d rated) in %s\n", added, res.Rated, time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(out, "done in %s: %s\n", time.Since(start).Round(time.Millisecond), store.Redacted(c.DB))
	return nil
}

// onlyUsage tells a seed asked for usage alone (besides --db and --data): it adds to the world
// the database holds.
func onlyUsage(fs *flag.FlagSet) bool {
	only, usage := true, false
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "usage":
			usage = true
		case "db", "data":
		default:
			only = false
		}
	})
	return only && usage
}

// seedUsage records and rates usage in an existing database.
func seedUsage(ctx context.Context, c *config, n int, out io.Writer) error {
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close(db)
	start := time.Now()
	added, res, err := seed.Usage(ctx, db, n, time.Now().UTC())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "seeded %d usage records, rated %d (coupons %s, cash %s, arrears %s) in %s: %s\n", added, res.Rated,
		models.Fen(res.Coupon).StringFixed(2), models.Fen(res.Cash).StringFixed(2), models.Fen(res.Debt).StringFixed(2),
		time.Since(start).Round(time.Millisecond), store.Redacted(c.DB))
	return nil
}

func check(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	c := &config{}
	fs := newFlagSet("check", out)
	commonFlags(fs, c, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close(db)
	return reportCheck(ctx, db, out, "check")
}

// reportCheck runs models.Check on db and prints its violations, failing (as cmd) if there are any.
func reportCheck(ctx context.Context, db *gorm.DB, out io.Writer, cmd string) error {
	report, err := models.Check(ctx, db)
	if err != nil {
		return err
	}
	for _, line := range report {
		fmt.Fprintln(out, "VIOLATION:", line)
	}
	if len(report) > 0 {
		return fmt.Errorf("%s: %d invariant(s) violated", cmd, len(report))
	}
	fmt.Fprintln(out, "check: all invariants hold")
	return nil
}

func createOperator(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, out io.Writer) error {
	c := &config{}
	fs := newFlagSet("create-operator", out)
	commonFlags(fs, c, getenv)
	username := fs.String("username", "", "operator account name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprint(out, "password (8–72 characters): ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close(db)
	u, err := models.CreateOperator(ctx, db, *username, strings.TrimRight(line, "\r\n"))
	switch {
	case errors.Is(err, models.ErrInvalidInput):
		return errors.New("create-operator: the user name must be 3–64 of a-z 0-9 _ - . @ and the password 8–72 characters")
	case errors.Is(err, models.ErrDuplicate):
		return fmt.Errorf("create-operator: %q already exists", *username)
	case err != nil:
		return err
	}
	fmt.Fprintf(out, "\noperator %q created\n", u.Username)
	return nil
}
