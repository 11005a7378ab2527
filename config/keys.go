package config

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// checkKeys walks the document beside the Config type and names the first
// key that the type does not have.
func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		full := join(path, key)
		f, ok := fieldByTag(t, key)
		if !ok {
			return fmt.Errorf("config: unknown key %s (line %d); known keys here: %s",
				full, n.Content[i].Line, strings.Join(tags(t), ", "))
		}
		if err := checkKeys(val, f.Type, full); err != nil {
			return err
		}
	}
	return nil
}

func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key && name != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func tags(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// unsetRef is a ${NAME} whose variable is not set, at a key.
type unsetRef struct{ key, name string }

// expand replaces ${NAME} in every scalar value with the environment
// variable's value, so a token need not be written in the file. A reference
// to a variable that is not set reads as empty and is returned with its
// key: whether it is a mistake depends on whether its section is on, which
// is known only once the file is decoded (see requireSet).
func expand(n *yaml.Node, path string) []unsetRef {
	var unset []unsetRef
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			unset = append(unset, expand(n.Content[i+1], join(path, n.Content[i].Value))...)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			unset = append(unset, expand(c, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case yaml.ScalarNode:
		n.Value = envRef.ReplaceAllStringFunc(n.Value, func(ref string) string {
			name := envRef.FindStringSubmatch(ref)[1]
			v, ok := os.LookupEnv(name)
			if !ok {
				unset = append(unset, unsetRef{path, name})
			}
			return v
		})
	}
	return unset
}

// requireSet names the first unset variable that matters: one in a section
// that is turned on, or in a section that has no switch. A ${TELEGRAM_TOKEN}
// under telegram.enabled: false is not needed, so the shipped example
// starts in a shell that sets nothing.
func (c *Config) requireSet(unset []unsetRef) error {
	for _, u := range unset {
		section, _, _ := strings.Cut(u.key, ".")
		section, _, _ = strings.Cut(section, "[")
		if !c.sectionOff(section) {
			return fmt.Errorf("config: %s refers to environment variable %s, which is not set", u.key, u.name)
		}
	}
	return nil
}

// sectionOff reports whether the top-level section named by key has an
// enabled switch that is off.
func (c *Config) sectionOff(key string) bool {
	v := reflect.ValueOf(c).Elem()
	f, ok := fieldByTag(v.Type(), key)
	if !ok || f.Type.Kind() != reflect.Struct {
		return false
	}
	on, ok := f.Type.FieldByName("Enabled")
	if !ok || on.Type.Kind() != reflect.Bool {
		return false
	}
	return !v.FieldByIndex(f.Index).FieldByIndex(on.Index).Bool()
}
