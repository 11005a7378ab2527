package sqldb

import "reflect"

// convert copies a store record into its row type or back (or slices and
// pointers of them), field by field by name, nested records included. It
// is for the few queries that must go through the rows (see models.go);
// the two sides have the same fields, so nothing is lost either way.
func convert[To, From any](from From) To {
	var to To
	copyFields(reflect.ValueOf(&to).Elem(), reflect.ValueOf(from))
	return to
}

// copyFields sets dst from src: as is where the types are the same or
// differ only in tags, else field by field, element by element.
func copyFields(dst, src reflect.Value) {
	switch {
	case src.Type() == dst.Type():
		dst.Set(src)
	case src.Kind() == reflect.Struct && src.Type().ConvertibleTo(dst.Type()):
		dst.Set(src.Convert(dst.Type()))
	case src.Kind() == reflect.Struct:
		for i := range src.NumField() {
			copyFields(dst.FieldByName(src.Type().Field(i).Name), src.Field(i))
		}
	case src.Kind() == reflect.Pointer && !src.IsNil():
		p := reflect.New(dst.Type().Elem())
		copyFields(p.Elem(), src.Elem())
		dst.Set(p)
	case src.Kind() == reflect.Slice && !src.IsNil():
		s := reflect.MakeSlice(dst.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyFields(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	}
}
