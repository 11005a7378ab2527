package sqldb

import (
	"reflect"
	"testing"

	"linli/store"
)

// rowsOfRecords pairs each store record with the row that maps it.
var rowsOfRecords = map[reflect.Type]reflect.Type{
	reflect.TypeFor[store.Household]():      reflect.TypeFor[householdRow](),
	reflect.TypeFor[store.Resident]():       reflect.TypeFor[residentRow](),
	reflect.TypeFor[store.Role]():           reflect.TypeFor[roleRow](),
	reflect.TypeFor[store.VerifyCode]():     reflect.TypeFor[verifyCodeRow](),
	reflect.TypeFor[store.Chat]():           reflect.TypeFor[chatRow](),
	reflect.TypeFor[store.Member]():         reflect.TypeFor[memberRow](),
	reflect.TypeFor[store.JobRun]():         reflect.TypeFor[jobRunRow](),
	reflect.TypeFor[store.Outage]():         reflect.TypeFor[outageRow](),
	reflect.TypeFor[store.JobFailure]():     reflect.TypeFor[jobFailureRow](),
	reflect.TypeFor[store.Notice]():         reflect.TypeFor[noticeRow](),
	reflect.TypeFor[store.Menu]():           reflect.TypeFor[menuRow](),
	reflect.TypeFor[store.Dish]():           reflect.TypeFor[dishRow](),
	reflect.TypeFor[store.MealOrder]():      reflect.TypeFor[mealOrderRow](),
	reflect.TypeFor[store.Event]():          reflect.TypeFor[eventRow](),
	reflect.TypeFor[store.EventBuilding]():  reflect.TypeFor[eventBuildingRow](),
	reflect.TypeFor[store.Signup]():         reflect.TypeFor[signupRow](),
	reflect.TypeFor[store.EventNotice]():    reflect.TypeFor[eventNoticeRow](),
	reflect.TypeFor[store.Suggestion]():     reflect.TypeFor[suggestionRow](),
	reflect.TypeFor[store.SuggestionNote](): reflect.TypeFor[suggestionNoteRow](),
	reflect.TypeFor[store.OutboxMessage]():  reflect.TypeFor[outboxMessageRow](),
}

// TestRowsMatchRecords: every record has the fields of its row, in the same
// order (the columns' order) and of the same types, a nested record where
// the row has that record's row. Queries read and write the records by
// field name against tables the rows made, so a field added to one side
// only would be a column missing or never read.
func TestRowsMatchRecords(t *testing.T) {
	for rec, row := range rowsOfRecords {
		if rec.NumField() != row.NumField() {
			t.Errorf("%v has %d fields, %v %d", rec, rec.NumField(), row, row.NumField())
			continue
		}
		for i := range rec.NumField() {
			a, b := rec.Field(i), row.Field(i)
			if a.Name != b.Name || !sameShape(a.Type, b.Type) {
				t.Errorf("%v field %d is %s %v, %v's is %s %v", rec, i, a.Name, a.Type, row, b.Name, b.Type)
			}
		}
	}
}

// sameShape: the same type, or a record and its row, or pointers or slices
// of such.
func sameShape(rec, row reflect.Type) bool {
	switch {
	case rec == row:
		return true
	case rec.Kind() == reflect.Pointer && row.Kind() == reflect.Pointer,
		rec.Kind() == reflect.Slice && row.Kind() == reflect.Slice:
		return sameShape(rec.Elem(), row.Elem())
	default:
		return rowsOfRecords[rec] == row
	}
}

// TestConvertRoundTrip: a ticket with its author, household and notes
// comes back whole from its row.
func TestConvertRoundTrip(t *testing.T) {
	hid, by := uint(3), uint(7)
	author := &store.Resident{ID: 7, Name: "张阿姨", HouseholdID: &hid, Household: &store.Household{ID: 3, Building: "8号楼"}}
	sg := store.Suggestion{ID: 12, ResidentID: &by, Resident: author, Text: "路灯坏了",
		Notes: []store.SuggestionNote{{ID: 1, SuggestionID: 12, Kind: store.NoteReply, ByResidentID: &by, By: author}}}
	back := convert[store.Suggestion](convert[suggestionRow](sg))
	if !reflect.DeepEqual(back, sg) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, sg)
	}
}
