const reminders = {
  title: '提醒送达情况',
  summary: '已提醒 {reminded} 人，其中 {reached} 人已送达',
  channel: '渠道',
  students: '送达人数',
  unreachable: '无法联系（{n} 人）：名册与账号均无可用联系方式',
  offsets: '自动提醒（截止前天数，逗号分隔）',
  saveOffsets: '保存',
};

export default reminders;
