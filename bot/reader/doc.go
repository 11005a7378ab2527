package reader

// Decisions where PRODUCT.md leaves room, kept here so the router, the help
// text and `linli parse` agree with the reader:
//
//   - Slash names: /help /start /menu /book /cancel /mymeals /events /signup
//     /cancelsignup /mysignups /suggest /anonsuggest /mysuggestions /register
//     /notice /newevent /roster /setmenu /mealstats /bind /sethead
//     /setcanteen /setadmin /verifyelder /suggestions /reply /resolve
//     /announce. An unknown slash command is none in a group (it is for
//     another bot) and unknown when addressed.
//   - Buildings are written N号楼 whatever was typed (8栋, 8幢, ８号楼, 八号楼,
//     and a bare 8 after 绑定), so one building has one name; 全体/全部 bind a
//     group to every building.
//   - Free-text keywords (建议 反映 投诉 报修 通知 公告 建议列表, and the
//     role commands) need a space, colon, comma or @ after them in an
//     unaddressed group: 「建议 楼道灯坏了」 is a suggestion, 「建议你去问问」
//     is chatter. Addressed, no separator is needed. The text is kept as
//     typed (full-width punctuation and all); the lines after the first are
//     appended to it, and are also in Body.
//   - An action (订餐, 取消, 报名, 登记, 绑定 …) asked as a question (订餐吗?
//     报名 3?) is talk about the command, never the command.
//   - 订, 取消 and 吃什么 alone are chatter in a group; addressed, 取消 alone
//     is unknown (a meal or a sign-up? the bot asks), while 取消订餐 alone
//     means the person's orders (the handler asks which).
//   - Addressed, a message the command grammar cannot read is read as a
//     sentence (sentence.go, lexicon.go): the request wherever it stands,
//     people as portions or a party, reasons around it. A guess carries
//     Ask; a question, a refusal or a past act is never an action; 明天的饭
//     or 3号活动 alone say no action and are unknown.
//   - 是 / 对 / 好的 / 嗯 … alone, addressed, are confirm (the handler knows
//     whether a question is pending); in a group they are chatter.
//   - 代 8号楼301 <command> reads the command and sets OnBehalf; the strict
//     group rule applies to the command after the household.
//   - A keyword alone that needs an argument (报名, 名单, 登记 …) gets a
//     Problem in a group only when it is the whole message: 「报名?」 is a
//     question, 「报名」 a command missing its number.
//   - Times: without 上午/下午, 1点 to 6点 are afternoon (2点半 is 14:30);
//     14:00 and 02:00 are taken as written.
//   - set_menu defaults to tomorrow and the day's first served meal (lunch
//     with the default cut-offs). menu's default date ignores a given meal.
//   - A cut-off has passed from its own minute on: lunch can be booked at
//     09:29, not at 09:30. The reader does not refuse a booking past the
//     cut-off (a menu may set its own); it only picks defaults with it.
//   - 28号 when this month has no 28th (31号 in November) is a Problem, not a
//     guess at next month.
//   - 昨天, 前天, 大前天 are read as those days: 「订餐 昨天 午餐」 is a command
//     whose day is over, and the handler says so, rather than words the
//     reader does not know (silence in a group, 「看不懂」 when addressed).
//   - Lead-ins chain (我想 看看 明天的菜单, 能不能帮我 订…), up to three; a
//     keyword that begins with one (查看建议) is the longer reading. A bare
//     我 before a keyword is dropped only when addressed: in a group 「我订
//     两份」 may answer a neighbour collecting orders.
//   - Emoji that say please or thanks (🙏 🌹 🤝, WeChat's [抱拳] [玫瑰] …) end
//     a command like 谢谢. Any other emoji after a keyword in a group (菜单👍,
//     活动😊) is a reaction and the message is talk; addressed, it is dropped.
//   - A keyword followed at once by 了, 过 or 的, or by a compound-noun suffix
//     (栏 书 单 表 室 群 费 员 箱 牌 电话), is talk about the command in every
//     context: 订了, 报修了还没来, 订餐的事, 公告栏在一楼, 投诉电话多少.
//     Addressed, they get a clarifying reply, never an action on the rest.
//   - A negated keyword may end with the 了 of a changed mind: 不参加3号活动了
//     cancels the sign-up; 明天的午饭不要了 said to the bot (privately or
//     with an @mention) cancels the meal — in a group 不要…了 is too common a
//     phrase to act on. 不要 is a
//     cancellation only with that 了 and a meal or order named (午饭不要
//     answers an offer; 不要订餐了 is advice); 退掉 needs the meal or order.
//     In a group the 了 form is a command only when complete.
//   - Typing slips read as meant: 定餐/定饭 (same sound as 订), 分 for 份 in a
//     booking (订餐 明天 2分), a space inside an order or ticket (D 12).
//     明儿 今儿 后儿 are days; 仨 is 3; a bare 份 or 个 is one.
//   - 活动 may come with day or period words (这周有什么活动, 明天有活动吗,
//     活动有哪些): the list shows what is coming, so they are dropped, not a
//     filter. The menu may end with a question about it (今天的菜单是什么);
//     addressed, with a request to send it (菜单发一下) — in a group that asks
//     the neighbours.
