"""Per-file layout: line width, body lines per page, running header/footer."""

CONFIGS = [
    {"id": "t11_01_huibao_baishi", "src": "t11_01.src", "encoding": "utf-8",
     "source": "synthetic (tuning11): 镇计生协会工作汇报, PDF text layer, 公文 layout 28x22",
     "width": 28, "lines_per_page": 22,
     "header": lambda p, n: [],
     "footer": lambda p, n: [f"— {p} —"]},
    {"id": "t11_02_zongjie_jihua_yangliu", "src": "t11_02.src", "encoding": "utf-8",
     "source": "synthetic (tuning11): 乡人口计生工作总结 + 次年工作计划, PDF text layer",
     "width": 34, "lines_per_page": 24,
     "header": lambda p, n: ["杨柳乡人口和计划生育工作材料"] if p > 1 else [],
     "footer": lambda p, n: [f"第 {p} 页 共 {n} 页"]},
    {"id": "t11_03_zongjie_moban", "src": "t11_03.src", "encoding": "utf-8",
     "source": "synthetic (tuning11): 镇计生协会工作总结 (anonymised template draft), PDF text layer",
     "width": 37, "lines_per_page": 24,
     "header": lambda p, n: ["计划生育协会工作材料（征求意见稿）"],
     "footer": lambda p, n: [f"- {p} -"]},
    {"id": "t11_04_ocr_qingshan", "src": "t11_04.src", "encoding": "utf-8",
     "source": "synthetic (tuning11): 乡计生协会年度总结 + 次年工作要点, scanned archive, OCR text layer",
     "width": 40, "lines_per_page": 22,
     "header": lambda p, n: ["青山乡计划生育协会"] if p > 1 else [],
     "footer": lambda p, n: [f"第{p}页"]},
]
