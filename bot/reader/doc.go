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
//     means the next order, like 取消订餐.
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
