const reasons = {
  name_differs_registrar: '姓名与学籍档案不一致',
  number_mismatch_document: '证件号码与证件照片不一致',
  birth_date_wrong: '出生日期有误',
  sex_wrong: '性别有误',
  ethnicity_wrong: '民族有误',
  contact_invalid: '联系方式无效',
  other: '其他问题',
  photo_blurry: '照片模糊，看不清文字',
  photo_glare: '照片反光',
  photo_cropped: '证件没有拍全（四角须完整）',
  photo_wrong_side: '拍错了证件的一面',
  photo_expired_document: '证件已过期',
  photo_not_original: '不是证件原件（复印件或翻拍）',
};

export default reasons;
