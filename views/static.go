package views

// StaticVersion is added to static URLs so a new build's files are fetched despite long caching.
var StaticVersion = "dev"

// StaticURL is the URL of a file in static/.
func StaticURL(path string) string { return "/static/" + path + "?v=" + StaticVersion }
