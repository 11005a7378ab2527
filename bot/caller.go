package bot

// Grant is one role a person holds; Building is set for building heads.
type Grant struct {
	Role     string
	Building string
}

// Caller is the person behind a message as the community knows them.
type Caller struct {
	// ResidentID is the store's id of this chat account.
	ResidentID uint
	Grants     []Grant
}

// Has reports whether the caller holds role (for any building).
func (c Caller) Has(role string) bool {
	for _, g := range c.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// IsAdmin reports whether the caller is a community worker.
func (c Caller) IsAdmin() bool { return c.Has(RoleAdmin) }

// HeadOf reports whether the caller heads building, or is an admin, who may
// act for every building.
func (c Caller) HeadOf(building string) bool {
	if c.IsAdmin() {
		return true
	}
	for _, g := range c.Grants {
		if g.Role == RoleBuildingHead && g.Building == building {
			return true
		}
	}
	return false
}

// ActsFor reports whether the caller may act for the households of
// building (代): an admin, its building head or its liaison.
func (c Caller) ActsFor(building string) bool {
	if c.HeadOf(building) {
		return true
	}
	for _, g := range c.Grants {
		if g.Role == RoleLiaison && g.Building == building {
			return true
		}
	}
	return false
}

// Buildings lists the buildings the caller heads, in the order granted.
func (c Caller) Buildings() []string {
	var bs []string
	for _, g := range c.Grants {
		if g.Role == RoleBuildingHead && g.Building != "" {
			bs = append(bs, g.Building)
		}
	}
	return bs
}

// May reports whether the caller may use a command open to roles; an empty
// list is open to everyone and admins may use everything.
func (c Caller) May(roles []string) bool {
	if len(roles) == 0 || c.IsAdmin() {
		return true
	}
	for _, r := range roles {
		if c.Has(r) {
			return true
		}
	}
	return false
}

// RoleTitle is how residents call a role.
func RoleTitle(role string) string {
	switch role {
	case RoleAdmin:
		return "社区工作人员"
	case RoleBuildingHead:
		return "楼组长"
	case RoleCanteenManager:
		return "食堂管理员"
	case RoleLiaison:
		return "民情联络员"
	}
	return role
}
