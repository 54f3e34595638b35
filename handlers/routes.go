package handlers

import (
	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// routes is the console's route table, grouped as the navigation is.
func routes(e *echo.Echo, d Deps) {
	b := &base{d}
	auth := &Auth{b}
	home := &Home{b}
	customers := &Customers{b}
	expand := &Expand{b}
	portal := &Portal{b}
	keys := &AccessKeys{b}
	apiDocs := &APIDocs{b}

	web := e.Group("", b.loadSession, b.csrf)
	web.GET("/login", auth.Form)
	web.POST("/login", auth.SignIn)
	web.POST("/logout", auth.SignOut)
	web.GET("/", home.Show)

	sales := web.Group("/sales", requireUser(models.PartnerUser, models.RoleAdmin, models.RoleSales, models.RoleViewer))
	sales.GET("/customers", customers.Index)
	sales.GET("/customers/:id", customers.Show)
	sales.GET("/expand", expand.Index)
	sales.GET("/expand/enterprises/:id", expand.Enterprise)
	sales.POST("/expand/enterprises/:id/invitations", expand.Invite)
	sales.GET("/expand/invitations", expand.Invitations)
	sales.POST("/expand/invitations/:id/resend", expand.Resend)

	partner := web.Group("/partner", requireUser(models.PartnerUser, models.RoleAdmin))
	partner.GET("/access-keys", keys.Index)
	partner.POST("/access-keys", keys.Create)
	partner.POST("/access-keys/:id/disable", keys.Disable)
	partner.POST("/access-keys/:id/enable", keys.Enable)
	partner.POST("/access-keys/:id/delete", keys.Delete)
	partner.GET("/api", apiDocs.Show)

	customer := web.Group("/customer", requireUser(models.CustomerUser))
	customer.GET("", portal.Show)
	customer.GET("/invitations/:token", portal.Invitation)
	customer.POST("/invitations/:token/accept", portal.Accept)
}
