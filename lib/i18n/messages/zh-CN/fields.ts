const fields = {
  nav: '字段修改规则',
  title: '字段修改规则',
  intro: '设置学生在信息确认中如何修改每个字段，以及不能在线修改时应联系谁。修改会记录在审计日志中。',
  tier: '修改方式',
  tiers: { self_service: '学生自行修改', approval: '需审核', locked: '不可在线修改' },
  tierHelp: {
    self_service: '立即生效，仅适用于手机号码和电子邮箱。',
    approval: '学生提交理由和证明材料，学院审核员通过后生效。',
    locked: '学生只能看到，须按“联系说明”线下办理。',
  },
  contactZh: '联系说明（中文）',
  contactEn: '联系说明（英文）',
  save: '保存',
  saved: '已保存。',
  default: '默认设置',
  updatedBy: '{name} 于 {date} 修改',
  rosterFixed: '学籍字段由名册导入维护，固定为不可在线修改。',
  names: {
    legalName: '姓名', latinName: '拼音或外文姓名', sex: '性别', birthDate: '出生日期', ethnicity: '民族', idType: '证件类型',
    idNumber: '证件号码', idIssuingCountry: '护照签发国家/地区', phone: '手机号码', email: '电子邮箱', studentNumber: '学号', department: '学院', cohort: '年级',
  },
  errors: {
    rosterLocked: '学号、学院和年级来自学籍名册，只能设为“不可在线修改”。',
    selfServiceContactOnly: '只有手机号码和电子邮箱可以由学生自行修改；身份信息的更正须经审核。',
    noteTooLong: '联系说明最多 200 字。',
  },
};

export default fields;
