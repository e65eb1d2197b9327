const compare = {
  others: '（涉及另外 {n} 名学生）',
  codes: {
    registrar: {
      missing: '没有找到该学生的学籍档案记录',
      name_mismatch: '姓名与学籍档案不一致',
      birth_date_mismatch: '出生日期与学籍档案不一致',
      sex_mismatch: '性别与学籍档案不一致',
      id_number_mismatch: '证件号码与学籍档案不一致',
      id_type_mismatch: '证件类型与学籍档案不一致',
      department_mismatch: '学籍档案中的学院与名册不同',
      cohort_mismatch: '学籍档案中的年级与名册不同',
      ethnicity_mismatch: '民族与学籍档案不一致',
      birth_date_absent: '学籍档案没有出生日期',
      sex_absent: '学籍档案没有性别',
      id_number_unavailable: '无法比对证件号码',
    },
    admissions: {
      missing: '新生：没有找到对应的招生录取记录',
      name_mismatch: '姓名与招生录取记录不一致',
      birth_date_mismatch: '出生日期与招生录取记录不一致',
      sex_mismatch: '性别与招生录取记录不一致',
      id_number_mismatch: '证件号码与招生录取记录不一致',
      id_type_mismatch: '证件类型与招生录取记录不一致',
      department_mismatch: '招生录取的学院与名册不同',
      birth_date_absent: '招生录取记录没有出生日期',
      sex_absent: '招生录取记录没有性别',
      id_number_unavailable: '无法比对证件号码',
    },
    duplicate: {
      id_number: '疑似重复：同一证件号码出现在其他学生的提交或学籍档案中，已自动立案',
      name_birth: '疑似重复：同年级有姓名和出生日期相同的学生，已自动立案',
      photo: '疑似重复：同一张照片出现在其他学生的提交中，已自动立案',
    },
  },
  submit: {
    phone_international: '境外手机号码',
    latin_name_absent: '未填写拼音姓名',
    birth_sex_vs_number_not_encoded: '该证件号码不含出生日期和性别，未能交叉核对',
    required_photos_missing: '缺少证件照片',
  },
};

export default compare;
