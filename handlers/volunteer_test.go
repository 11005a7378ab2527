package handlers_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"linli/handlers"
	"linli/store"
)

// TestVolunteerHours: at an activity marked 志愿 when it was started,
// people check in while it is on, or its organiser checks them in; the
// hours she sets count for each of them, once however often they check in;
// 我的志愿时长 and the export add up the year per person and per team. At
// an activity not so marked there is no 签到 and no hours.
func TestVolunteerHours(t *testing.T) {
	hs := voteWorld(t, canteenConfig())
	must(t, hs.reply("8号楼业主群", "王阿姨", "发起活动 楼道清扫 11月25日 09:00 8号楼门口 10人 志愿"), "已发起志愿活动 1号")
	must(t, hs.reply("8号楼业主群", "王阿姨", "发起活动 健康讲座 11月25日 09:00 活动室 10人"), "已发起活动 2号")
	must(t, hs.reply("8号楼业主群", "王阿姨", "发起活动 敬老院探访 11月26日 14:00 敬老院\n志愿"), "已发起志愿活动 3号")
	must(t, hs.reply("8号楼业主群", "刘大爷", "签到 1"), "11月25日 周三 09:00 开始，到时再签到")
	hs.clock.Set(at("2026-11-25", "09:10"))
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs.rt.Deliver(context.Background(), hs.message("8号楼业主群", "刘大爷", "签到 1"))
		}()
	}
	wg.Wait()
	hs.out.Take()
	must(t, hs.reply("8号楼业主群", "刘大爷", "签到 2"), "2号活动「健康讲座」不是志愿活动，不用签到")
	hs.say("8号楼业主群", "陈叔叔", "我也来了") // seen in the group, so that @陈叔叔 names him
	must(t, hs.reply("8号楼业主群", "刘大爷", "签到 1 @陈叔叔"), "只有活动的发起人")
	must(t, hs.reply("8号楼业主群", "王阿姨", "签到 1 @陈叔叔"), "已为陈叔叔签到")
	must(t, hs.reply("8号楼业主群", "刘大爷", "时长 1 2小时"), "只有楼组长或社区工作人员可以")
	hs.clock.Set(at("2026-11-25", "11:30"))
	must(t, hs.reply("", "王阿姨", "时长 1 1.5小时"), "已签到 2人，每人记 1.5小时")
	must(t, hs.reply("", "王阿姨", "时长 2 1小时"), "不是志愿活动，不记志愿时长")
	must(t, hs.reply("", "刘大爷", "我的志愿时长"), "您2026年的志愿服务：1次，共 1.5小时")
	must(t, hs.reply("", "张阿姨", "我的志愿时长"), "还没有志愿时长记录")
	table, err := handlers.ExportVolunteers(context.Background(), hs.st, handlers.ExportQuery{Location: shanghai, Now: hs.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range table.Rows {
		rows = append(rows, strings.Join(r, ","))
	}
	got := strings.Join(rows, "\n")
	for _, want := range []string{"2026,8号楼,刘大爷,301,1,1.5", "2026,8号楼,陈叔叔,402,1,1.5", "2026,8号楼,（全队2人）,,2,3.0"} {
		must(t, got, want)
	}
	if n, err := store.Volunteering(hs.st).CheckedIn(context.Background(), 1); err != nil || n != 2 {
		t.Errorf("checked in: %d %v", n, err)
	}
}
